import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli-process.ts';
import { HabitClient, type Habits } from '../support/habit-clients/habit-client.ts';
import { freePort } from '../support/habit-clients/habit-targets.ts';
import { HabitTransport } from '../support/habit-clients/habit-transport.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-habit-cli-');
afterAll(() => tmp.cleanup());

// Several habits at once (no Accept, a Content-Type on GETs, timeout=180, root + href, sender[0] only, startMessaging first), at the simulator's real pace: echo accepts in its own batch, as a live peer would.
const habits: Habits = { accept: 'none', contentTypeOnGet: true, pollTimeout180: true, rootPlusHref: true, senderZeroOnly: true, startMessagingFirst: true };

async function chat(start: string) {
  const transport = new HabitTransport();
  try {
    return { outcome: await new HabitClient(habits, transport).chatWithEcho(start), sent: transport.sent };
  } finally {
    transport.close();
  }
}

describe('a habit client through the simulate, record and replay commands', () => {
  it('chats through record --upstream of a simulator with --public-url and --discovery redirect without leaving the proxy, and replays with --strict and no misses', async () => {
    const port = await freePort();
    const sim = startCli(['simulate', '--port', String(port), '--public-url', `http://localhost:${port}`, '--discovery', 'redirect']);
    await sim.line(/^simulator: http:\/\/127\.0\.0\.1:\d+\/$/m);
    const db = tmp.path('habits.db');
    const record = startCli(['record', '--upstream', `http://127.0.0.1:${port}`, '--db', db, '--session', 'habits', '--ca-dir', tmp.path('ca')]);
    const [, proxy] = await record.line(/^proxy: (http:\/\/127\.0\.0\.1:\d+)$/m);
    const recorded = await chat(`${proxy}/`);
    expect(recorded.outcome.heard).toBe(recorded.outcome.sent);
    expect(recorded.sent.filter((r) => !r.url.startsWith(`${proxy}/`))).toEqual([]);
    record.child.kill('SIGINT');
    expect(await record.exited).toBe(0);
    expect(record.stdout()).toContain(`stopped: ${recorded.sent.length} exchanges`);
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);

    const replay = startCli(['replay', '--db', db, '--session', 'habits', '--pace', 'instant', '--strict']);
    const [, replayUrl] = await replay.line(/^replay: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
    const replayed = await chat(replayUrl as string);
    expect(replayed.outcome.heard).toBe(recorded.outcome.sent);
    replay.child.kill('SIGINT');
    expect(await replay.exited).toBe(0);
    expect(replay.stdout()).toMatch(/replay report: \d+ matched, 0 missed/);

    const timeline = await runCli(['timeline', '--db', db, '--session', 'habits']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toContain(`message out "${recorded.outcome.sent}"`);
  });
});
