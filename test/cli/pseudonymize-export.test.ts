import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startReplay } from '../../replay/index.ts';
import { parseFixture } from '../../storage/fixture/read-fixture.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-pseudonymize-');
afterAll(() => tmp.cleanup());

const ADDRESS = /[A-Za-z0-9._+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** The invented people of the bundled recordings, as their `me`, contact and participant resources name them. */
const PEOPLE = ['Alice Anders', 'Bob Barker', 'Carol Chen'];

let imports = 0;
async function pseudonymized(recording: string): Promise<{ original: string; shared: string; file: string; db: string }> {
  const source = new URL(`../../recordings/${recording}.json`, import.meta.url);
  const db = tmp.path(`${recording}-${++imports}.db`);
  expect((await runCli(['import', source.pathname, '--db', db])).code).toBe(0);
  const file = tmp.path(`${recording}-${imports}-shared.json`);
  const run = await runCli(['export', '--db', db, '--session', '1', '--format', 'fixture', '--pseudonymize', '-o', file]);
  expect(run.code).toBe(0);
  return { original: readFileSync(source, 'utf8'), shared: readFileSync(file, 'utf8'), file, db };
}

function decodedBodies(fixtureText: string): string {
  const { exchanges } = parseFixture(fixtureText, 'fixture');
  return exchanges
    .flatMap(({ exchange }) => [exchange.request.url, JSON.stringify(exchange.request.headers), Buffer.from(exchange.request.body).toString(), exchange.stage === 'initiated' || !exchange.response ? '' : Buffer.from(exchange.response.body).toString()])
    .join('\n');
}

describe('export --pseudonymize', () => {
  it.each(['three-party-json', 'incoming-chat-xml'])('replaces every person of %s, in URLs, headers, JSON and XML bodies and message text', async (recording) => {
    const { original, shared } = await pseudonymized(recording);
    const before = decodedBodies(original);
    const after = decodedBodies(shared);
    const originalAddresses = new Set([...before.matchAll(ADDRESS)].map((m) => m[0].replace('%40', '@').toLowerCase()));
    expect(originalAddresses.size).toBeGreaterThan(1);
    for (const address of originalAddresses) {
      expect(after.toLowerCase()).not.toContain(address);
      expect(after.toLowerCase()).not.toContain(address.replace('@', '%40'));
    }
    const names = PEOPLE.filter((name) => before.includes(name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) for (const word of name.split(' ')) expect(after).not.toContain(word);
    expect([...after.matchAll(ADDRESS)].every((m) => /^user\d+(@|%40)example\.invalid$/.test(m[0]))).toBe(true);
  });

  it('gives each person one placeholder, the same on every export', async () => {
    const first = await pseudonymized('three-party-json');
    const again = await runCli(['export', '--db', first.db, '--session', '1', '--format', 'fixture', '--pseudonymize']);
    expect(again.stdout).toBe(first.shared);
    // The signed-in user's own resource: the same person's address and name got the same number.
    const me = decodedBodies(first.shared).match(/"name":"User (\d+)","uri":"sip:user(\d+)@example\.invalid"/);
    expect(me?.[1]).toBeDefined();
    expect(me?.[1]).toBe(me?.[2]);
  });

  it('replays: every recorded request, with the mapping applied, finds its answer (0 misses)', async () => {
    const { file, shared, original } = await pseudonymized('three-party-json');
    const replay = await startReplay({ fixture: file, pace: 'instant', pollTimeoutMs: 200 });
    try {
      const { exchanges } = parseFixture(shared, file);
      let sent = 0;
      for (const { exchange } of exchanges) {
        if (exchange.stage !== 'completed') continue;
        const url = new URL(exchange.request.url);
        const contentType = exchange.request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
        const hasBody = exchange.request.body.byteLength > 0;
        const response = await fetch(new URL(url.pathname + url.search, replay.url), {
          method: exchange.request.method,
          headers: { Accept: 'application/json', ...(contentType ? { 'Content-Type': contentType } : {}) },
          ...(hasBody ? { body: Buffer.from(exchange.request.body) } : {}),
        });
        await response.arrayBuffer();
        sent++;
      }
      expect(sent).toBeGreaterThan(10);
      expect(replay.report().missed).toEqual([]);
      // Some of those requests were changed by the mapping (a person in their URL or body), and still matched.
      const before = parseFixture(original, 'original').exchanges;
      const changed = exchanges.filter(({ exchange }, i) => {
        const was = before[i]?.exchange.request;
        return was !== undefined && (was.url !== exchange.request.url || Buffer.compare(Buffer.from(was.body), Buffer.from(exchange.request.body)) !== 0);
      });
      expect(changed.length).toBeGreaterThan(0);
    } finally {
      await replay.close();
    }
  });

  it('leaves an export without --pseudonymize as it was', async () => {
    const { db, original } = await pseudonymized('three-party-json');
    const plain = await runCli(['export', '--db', db, '--session', '1', '--format', 'fixture']);
    expect(plain.stdout).toBe(original);
  });
});
