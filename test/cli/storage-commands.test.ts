import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { HOST, makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-cli-storage-');
afterAll(() => tmp.cleanup());

const cli = (args: readonly string[], stdin?: string) => runCli(args, stdin === undefined ? {} : { stdin });

const db = tmp.path('recording.db');
beforeAll(async () => {
  const store = RecordingStore.open(db, { create: true });
  const recorder = await store.startSession({ name: 'incoming chat', mode: 'reverse', upstream: HOST, startedAtMs: 1_700_000_000_000 }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end({ endedAtMs: 1_700_000_030_000 });
  store.close();
});

describe('ucwa-inspector sessions, export, import, reindex', () => {
  it('lists sessions with their counts', async () => {
    const run = await cli(['sessions', '--db', db]);
    expect(run.code).toBe(0);
    const [header, row] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^id\s+name\s+started\s+took\s+mode\s+upstream\s+exchanges\s+events\s+convs\s+errors$/);
    expect(row).toMatch(/^1\s+incoming chat\s+2023-11-14 22:13:20Z\s+30s\s+reverse\s+https:\/\/fe1\.contoso\.com\s+17\s+\d+\s+\d+\s+\d+$/);
    const json = JSON.parse((await cli(['sessions', '--db', db, '--json'])).stdout) as { name: string; exchangeCount: number }[];
    expect(json[0]).toMatchObject({ name: 'incoming chat', exchangeCount: 17 });
  });

  it('exports a fixture that imports into a new session and exports to the same bytes', async () => {
    const fixture = tmp.path('chat.json');
    const exported = await cli(['export', '--db', db, '--session', 'incoming chat', '--format', 'fixture', '-o', fixture]);
    expect(exported).toMatchObject({ code: 0, stderr: `wrote session 1 ("incoming chat") as fixture to ${fixture}\n` });
    const other = tmp.path('other.db');
    const imported = await cli(['import', fixture, '--db', other]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported .*chat\.json \(fixture\) as session 1 "incoming chat": 17 exchanges, \d+ events, 1 conversations; secrets redacted\n$/);
    const again = await cli(['export', '--db', other, '--session', '1', '--format', 'fixture']);
    expect(again.stdout).toBe(readFileSync(fixture, 'utf8'));
  });

  it('exports HAR to stdout and imports it back', async () => {
    const har = await cli(['export', '--db', db, '--session', '1', '--format', 'har']);
    expect(JSON.parse(har.stdout)).toMatchObject({ log: { version: '1.2', creator: { name: 'ucwa-inspector' } } });
    const file = tmp.path('chat.har');
    writeFileSync(file, har.stdout);
    const imported = await cli(['import', file, '--db', db]);
    expect(imported.stdout).toMatch(/\(har\) as session 2 "incoming chat": 17 exchanges/);
  });

  it('reindexes a recording', async () => {
    const run = await cli(['reindex', '--db', db, '--session', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^reindexed 17 exchanges: \d+ events, \d+ decode diagnostics, in \d+ ms\n$/);
  });

  it('says what is wrong, without a stack trace, for missing files, unknown sessions and bad arguments', async () => {
    const missing = await cli(['sessions', '--db', tmp.path('nope.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ucwa-inspector sessions: .*nope\.db: no such file\. Check the path/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const unknown = await cli(['export', '--db', db, '--session', 'lunch', '--format', 'har']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/lunch/);
    const badFormat = await cli(['export', '--db', db, '--session', '1', '--format', 'pcap']);
    expect([badFormat.code, badFormat.stderr.split('\n')[0]]).toEqual([2, 'ucwa-inspector export: --format takes fixture or har, not "pcap" (see `ucwa-inspector export --help`)']);
    const noDb = await cli(['import', tmp.path('chat.json')]);
    expect([noDb.code, noDb.stderr.split('\n')[0]]).toEqual([2, 'ucwa-inspector import: --db is required: the recording to import into (see `ucwa-inspector import --help`)']);
    const notFixture = tmp.path('notes.json');
    writeFileSync(notFixture, '[1,2]');
    const bad = await cli(['import', notFixture, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/notes\.json is not a file import reads: not a Fiddler archive \(\.saz\), a fixture .*, a HAR file .* or a log of event-channel bodies/);
    expect((await cli(['sessions', '--db', db])).stdout.trimEnd().split('\n')).toHaveLength(3);
  });

  it('has help with examples for each command', async () => {
    for (const name of ['sessions', 'export', 'import', 'reindex']) {
      const help = await cli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: ucwa-inspector ${name}`));
      expect(help.stdout).toMatch(/Examples:\n {2}ucwa-inspector/);
    }
  });
});
