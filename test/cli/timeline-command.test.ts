import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-timeline-cli-');
const db = tmp.path('chat.db');
afterAll(() => tmp.cleanup());
beforeAll(async () => {
  const store = RecordingStore.open(db, { create: true });
  await recordScenario(store, 'incoming-chat', { caDir: tmp.path('ca') });
  store.close();
});

const cli = (args: readonly string[], stdin?: string) => runCli(args, stdin === undefined ? {} : { stdin });

describe('ucwa-inspector timeline', () => {
  it('prints one line per change with its cause, in time order', async () => {
    const run = await cli(['timeline', '--db', db, '--session', '1']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.every((line) => /^\d\d:\d\d:\d\d\.\d{3}  /.test(line))).toBe(true);
    expect(run.stdout).toMatch(/conv \d+\s+state Incoming -> Connected\s+\(event, exchange \d+, event \d+\)/);
    expect(run.stdout).toMatch(/message in {2}"Hi Alice, got a minute\?" {2}from Bob Barker\s+\(event, exchange \d+/);
    expect(run.stdout).toMatch(/message out "Sure, what is up\?"/);
    expect(run.stdout).toMatch(/Bob Barker started typing/);
    expect(run.stdout).toMatch(/you accepted the invitation\s+\(request, exchange \d+\)/);
    const times = lines.map((line) => line.slice(0, 12));
    expect(times).toEqual([...times].sort());
  });

  it('prints the documented JSON with --format json', async () => {
    const run = await cli(['timeline', '--db', db, '--session', 'incoming-chat (json)', '--format', 'json']);
    const json = JSON.parse(run.stdout) as { format: string; version: number; conversations: { messages: { text: string }[] }[] };
    expect(json).toMatchObject({ format: 'ucwa-inspector-timeline', version: 1 });
    expect(json.conversations[0]?.messages.map((m) => m.text)).toEqual(['Hi Alice, got a minute?', 'Sure, what is up?', 'Can you review the release notes today?', 'Yes, after lunch.', 'Thanks!']);
  });

  it('names what is wrong with its arguments', async () => {
    expect((await cli(['timeline', '--db', db])).stderr).toMatch(/--session is required/);
    expect((await cli(['timeline', '--db', db, '--session', '1', '--format', 'xml'])).stderr).toMatch(/--format takes text or json/);
    expect((await cli(['timeline', '--db', db, '--session', '42'])).code).toBe(1);
  });
});
