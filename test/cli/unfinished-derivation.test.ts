import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli, startCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-underived-');
afterAll(() => tmp.cleanup());

/** How many exchanges the killed writer had decoded: a rebuild derives in order and died after these. */
const DECODED = 5;
const whole = tmp.path('whole.db');
const fixture = tmp.path('chat.json');
let finished = 0;
let events = 0;

beforeAll(async () => {
  const store = RecordingStore.open(whole, { create: true });
  const recorder = await store.startSession({ name: 'incoming chat', mode: 'reverse', upstream: HOST, startedAtMs: 1_700_000_000_000 }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end({ endedAtMs: 1_700_000_030_000 });
  const [session] = store.listSessions();
  finished = (session?.exchangeCount ?? 0) - (session?.pendingCount ?? 0);
  events = session?.eventCount ?? 0;
  store.close();
  expect((await runCli(['export', '--db', whole, '--session', '1', '--format', 'fixture', '-o', fixture])).code).toBe(0);
});

/** A copy of the recording as a writer killed mid-derivation leaves it: every raw row, the first few decoded. */
function killedMidDerivation(name: string): string {
  const path = tmp.path(name);
  copyFileSync(whole, path);
  const db = new Database(path);
  const later = `SELECT id FROM exchanges ORDER BY id LIMIT -1 OFFSET ${DECODED}`;
  for (const table of ['resources', 'events', 'diagnostics', 'exchange_rels', 'event_batches', 'exchange_derived']) db.prepare(`DELETE FROM ${table} WHERE exchange_id IN (${later})`).run();
  db.close();
  return path;
}

const note = () => new RegExp(`^session 1 "incoming chat": decoding ${DECODED} / ${finished} exchanges \\(events and conversations count only those\\); the next \`record\`, \`import\`, \`ui\` or \`reindex\` of this file finishes it$`, 'm');

describe('a recording whose derivation a kill cut short', () => {
  it('says so in `sessions`, as a note and in --json', async () => {
    const path = killedMidDerivation('listed.db');
    const run = await runCli(['sessions', '--db', path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(note());
    const [listed] = JSON.parse((await runCli(['sessions', '--db', path, '--json'])).stdout) as { underivedCount: number; decodedCount: number }[];
    expect(listed).toMatchObject({ decodedCount: DECODED, underivedCount: finished - DECODED });
  });

  it('says so in the API the sessions page reads', async () => {
    const store = RecordingStore.open(killedMidDerivation('api.db'), { readOnly: true });
    try {
      const response = await createInspectorApp({ store }).request('/api/sessions');
      const [session] = (await response.json()) as SessionDto[];
      expect(session).toMatchObject({ decodedCount: DECODED, underivedCount: finished - DECODED });
    } finally {
      store.close();
    }
  });

  it('is finished in the background by `ui`, which serves meanwhile', async () => {
    const path = killedMidDerivation('ui.db');
    const ui = startCli(['ui', '--db', path]);
    try {
      const [, url] = await ui.line(/^ui: (http:\/\/\S+)$/m);
      await ui.line(new RegExp(`^ui: decoding ${finished - DECODED} exchanges an earlier writer left undecoded$`, 'm'), 'stderr');
      await ui.line(/^ui: decoded them$/m, 'stderr');
      const [session] = (await (await fetch(new URL('/api/sessions', url))).json()) as SessionDto[];
      expect(session).toMatchObject({ decodedCount: finished, underivedCount: 0, eventCount: events });
    } finally {
      ui.child.kill('SIGINT');
      await ui.exited;
    }
    expect((await runCli(['sessions', '--db', path])).stdout).not.toMatch(/decoding/);
  });

  it('is finished by `reindex`', async () => {
    const path = killedMidDerivation('reindex.db');
    expect((await runCli(['reindex', '--db', path])).code).toBe(0);
    const run = await runCli(['sessions', '--db', path]);
    expect(run.stdout).not.toMatch(/decoding/);
    expect(JSON.parse((await runCli(['sessions', '--db', path, '--json'])).stdout)).toMatchObject([{ underivedCount: 0, eventCount: events }]);
  });

  it('is finished by the next `import` into the file, before its own session', async () => {
    const path = killedMidDerivation('import.db');
    const run = await runCli(['import', fixture, '--db', path, '--again']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`decoded ${finished - DECODED} exchanges an earlier writer left undecoded\n`);
    const sessions = JSON.parse((await runCli(['sessions', '--db', path, '--json'])).stdout) as { underivedCount: number; eventCount: number }[];
    expect(sessions.map((s) => [s.underivedCount, s.eventCount])).toEqual([
      [0, events],
      [0, events],
    ]);
  });
});
