import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { CLI_FROM_SOURCE } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-demo-');
afterAll(() => tmp.cleanup());

describe('ucwa-inspector demo', () => {
  it('serves the UI while it runs: the API shows the scripted conversation with a complete timeline', async () => {
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'demo', '--db', tmp.path('live.db'), '--time-scale', '0.1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: tmp.dir } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 300 && !stdout.includes('Press Ctrl-C'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const ui = /^ui: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1];
    expect(ui).toBeDefined();
    // Not asked for, the timeline is not printed: the last line still names the inspector's URL.
    expect(stdout).not.toContain('application created');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(`recorded in ${tmp.path('live.db')}. The inspector keeps serving at ui: ${ui} Press Ctrl-C to stop.`);
    const sessions = (await (await fetch(`${ui}api/sessions`)).json()) as { id: number; name: string; exchangeCount: number }[];
    expect(sessions).toEqual([expect.objectContaining({ name: 'demo' })]);
    const timeline = (await (await fetch(`${ui}api/sessions/${sessions[0]?.id}/timeline`)).json()) as { conversations: { messages: { text: string }[]; endedAtMs: number | null }[]; missedItems: { counts: Record<string, number> }[] };
    expect(timeline.conversations).toHaveLength(4);
    expect(timeline.conversations.flatMap((c) => c.messages.map((m) => m.text))).toEqual(expect.arrayContaining(['Hello echo', 'Thanks!', 'Let us pick this up tomorrow.']));
    expect(timeline.conversations.every((c) => c.endedAtMs !== null)).toBe(true);
    expect(timeline.missedItems.at(-1)?.counts['missedConversationsCount']).toBe(1);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);

  it('runs the pipeline, prints its URLs, and records the scripted conversation with a complete timeline', async () => {
    const db = tmp.path('demo.db');
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'demo', '--db', db, '--time-scale', '0.1', '--print-timeline', '--exit-when-done'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: tmp.dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr: stderr.split('\n').filter((l) => l.startsWith('ucwa-inspector')) }).toEqual({ code: 0, stderr: [] });
    // The URLs come after the introduction, the ui: line last, so it stays on screen while the script runs.
    expect(stdout).toMatch(/\n\nsimulator: http:\/\/127\.0\.0\.1:\d+\/\nproxy: http:\/\/127\.0\.0\.1:\d+\ndatabase: .*\nui: http:\/\/127\.0\.0\.1:\d+\/\n/);
    expect(stdout).toMatch(/conversation done: 3 chats, 1 missed invitation/);
    // Asked for, the timeline is printed: the messages of each conversation.
    expect(stdout).toContain('application created');

    const store = RecordingStore.open(db, { readOnly: true });
    const [session] = store.listSessions();
    expect(session).toMatchObject({ name: 'demo', mode: 'reverse', errorCount: 0 });
    const timeline = sessionTimeline(store, session?.id ?? -1);
    const texts = timeline.conversations.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).toEqual(expect.arrayContaining(['Hello echo', 'Hi Alice, got a minute?', 'Sorry, have to drop. Bye!', 'Let us pick this up tomorrow.']));
    expect(timeline.conversations.some((c) => c.participants.some((p) => p.uri === 'sip:carol@contoso.com' && p.leftAtMs !== null))).toBe(true);
    expect(timeline.conversations.some((c) => c.typing.length > 0)).toBe(true);
    expect(timeline.missedItems.at(-1)?.counts['missedConversationsCount']).toBe(1);
    store.close();
  }, 60_000);
});
