import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { editResponseJson, readFixtureJson, writeFixtureJson } from '../support/edit-fixture.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const chat = new URL('../../recordings/outgoing-chat-json.json', import.meta.url).pathname;
const tmp = makeTempDir('ucwa-diff-cli-');
const db = tmp.path('two.db');
let changed: string;
afterAll(() => tmp.cleanup());
beforeAll(() => {
  const fixture = readFixtureJson(chat);
  // seq 4 is the POST that creates the application (exchange id 5 in a file).
  editResponseJson(fixture, 4, (app) => {
    app['culture'] = 'de-DE';
  });
  changed = writeFixtureJson(tmp.path('changed.json'), fixture);
  const store = RecordingStore.open(db, { create: true });
  store.importSession(readImportFile(chat).session);
  store.importSession(readImportFile(changed).session);
  store.close();
});

describe('ucwa-inspector diff', () => {
  it('says there is no drift between a recording and itself, and exits 0 even with --fail-on-drift', async () => {
    const run = await runCli(['diff', chat, chat, '--fail-on-drift']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No drift: 12 requests matched/);
  });

  it('prints each change with both exchange ids, and exits 1 only with --fail-on-drift', async () => {
    const run = await runCli(['diff', chat, changed]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/drift: 1 body changed\./);
    expect(run.stdout).toMatch(/body changed: POST \/ucwa\/oauth\/v1\/applications \(applications\) {2}\[A#5 B#5\]\n {4}~ property culture: "en-US" -> "de-DE"/);
    expect((await runCli(['diff', chat, changed, '--fail-on-drift'])).code).toBe(1);
  });

  it('compares two sessions of one recording and prints the report as JSON', async () => {
    const run = await runCli(['diff', '--db', db, '--session', '1', '--session', '2', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { format: string; counts: Record<string, number>; findings: { kind: string; a: { id: number }; b: { id: number } }[] };
    expect(report.format).toBe('ucwa-inspector-drift');
    expect(report.counts['body']).toBe(1);
    const offset = readFixtureJson(chat).exchanges.length;
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'body', a: expect.objectContaining({ id: 5 }), b: expect.objectContaining({ id: 5 + offset }) })]);
    expect((await runCli(['diff', '--a-db', db, '--a-session', '1', chat, '--fail-on-drift'])).code).toBe(0);
  });

  it('names what is wrong with its arguments in one line', async () => {
    const missing = await runCli(['diff', chat]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ucwa-inspector diff: side B is missing: name a fixture or HAR file, or a session with --db FILE --session ID\|NAME \(see `ucwa-inspector diff --help`\)\n$/);
    expect((await runCli(['diff', chat, chat, '--slower-than', 'fast'])).stderr).toMatch(/--slower-than takes a factor above 1 such as 2x/);
    expect((await runCli(['diff', '--a-session', '1', chat])).stderr).toMatch(/--a-session needs a recording: add --db FILE or --a-db FILE/);
    const absent = await runCli(['diff', chat, tmp.path('absent.json')]);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/absent\.json does not exist/);
    expect(absent.stderr).not.toMatch(/\n\s+at /);
  });
});
