import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionTimeline } from '../../protocol/timeline/index.ts';
import { startRecordingProxy } from '../../proxy/index.ts';
import { startReplay } from '../../replay/index.ts';
import { DEFAULT_PASSWORD, findScenario, runScenario, SCENARIOS, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-replay-e2e-');
const caDir = tmp.path('ca');
const store = RecordingStore.open(tmp.path('replay.db'), { create: true });
afterAll(() => {
  store.close();
  tmp.cleanup();
});

/** Records a scenario in forward mode, so the token request is recorded too. */
async function recordForward(name: string, format: 'json' | 'xml'): Promise<number> {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(name);
  const sim = await startSimulator({ scenario: name, timeScale: 0.05 });
  const proxy = await startRecordingProxy({ store, caDir, session: { name: `${name} original` } });
  const client = new UcwaClient({ baseUrl: sim.url, user: scenario.user, password: DEFAULT_PASSWORD, proxy: proxy.url, format });
  await runScenario(client, scenario, { peer: { baseUrl: sim.url, format } });
  await client.close();
  await proxy.close();
  await sim.close();
  return proxy.sessionId;
}

/** What a timeline says, without the ids and times that differ between runs. */
function gist(timeline: SessionTimeline) {
  // Conversations in order of their first message: remote parties act on their own clock, so first-seen order may vary.
  const conversations = [...timeline.conversations].sort((a, b) => String(a.messages[0]?.text ?? a.subject).localeCompare(String(b.messages[0]?.text ?? b.subject)));
  return conversations.map((c) => ({
    direction: c.direction,
    subject: c.subject,
    states: c.changes.filter((x) => x.what === 'state').map((x) => x.to),
    messaging: c.changes.filter((x) => x.what === 'messaging.state').map((x) => x.to),
    participants: c.participants.map((p) => [p.uri, p.local, p.leftAtMs !== null]),
    typing: c.typing.map((t) => t.who),
    messages: c.messages.map((m) => [m.direction, m.from, m.text, m.status]),
    invitations: c.invitations.map((i) => [i.direction, i.outcome?.status ?? null, i.actions.map((a) => a.action)]),
  }));
}

describe.each(['json', 'xml'] as const)('replaying each scenario (%s)', (format) => {
  it.each(SCENARIOS.map((s) => s.name))('%s: the client completes the same conversation, and the replayed timeline equals the original', async (name) => {
    const scenario = findScenario(name);
    const original = await recordForward(name, format);
    const replay = await startReplay({ store, sessionId: original, pace: 'instant', pollTimeoutMs: 500 });
    const proxy = await startRecordingProxy({ store, caDir, upstream: replay.url, session: { name: `${name} replayed` } });
    const client = new UcwaClient({ baseUrl: `${proxy.url}/`, user: scenario?.user ?? '', password: DEFAULT_PASSWORD, format });
    const outcome = await runScenario(client, scenario as NonNullable<typeof scenario>, { stepTimeoutMs: 10_000 });
    await client.close();
    await proxy.close();
    await replay.close();
    expect(outcome.conversations).toEqual(scenario?.expect.conversations);
    expect(replay.report().missed).toEqual([]);
    expect(gist(sessionTimeline(store, proxy.sessionId))).toEqual(gist(sessionTimeline(store, original)));
    // Recording and replaying a whole scenario takes a few seconds alone, far longer on a loaded machine.
  }, 120_000);
});

describe('replay', () => {
  it('is deterministic: the same recording answers the same client with the same bytes, 20 times', async () => {
    const fixture = fileURLToPath(new URL('../../recordings/incoming-chat-json.json', import.meta.url));
    const scenario = findScenario('incoming-chat');
    const runs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const replay = await startReplay({ fixture, pace: 'instant', pollTimeoutMs: 500 });
      const bodies: string[] = [];
      const client = new UcwaClient({ baseUrl: replay.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, observe: ({ method, url, response }) => bodies.push(`${method} ${url.pathname}${url.search} ${response.status} ${Buffer.from(response.body).toString('base64')}`) });
      await runScenario(client, scenario as NonNullable<typeof scenario>, { stepTimeoutMs: 10_000 });
      await client.close();
      const origin = new URL(replay.url).origin;
      await replay.close();
      // The replay server's own origin is the one thing that differs per run (it listens on a free port).
      runs.push(bodies.map((b) => Buffer.from(b.split(' ').at(-1) ?? '', 'base64').toString('latin1').split(origin).join('ORIGIN')).join('\n'));
    }
    expect(new Set(runs).size).toBe(1);
  }, 120_000);

  it('replays every file in recordings/ with the client to the end of its conversation', async () => {
    const dir = fileURLToPath(new URL('../../recordings/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(SCENARIOS.length * 2);
    for (const file of files) {
      const scenario = findScenario(file.replace(/-(json|xml)\.json$/, ''));
      const replay = await startReplay({ fixture: `${dir}${file}`, pace: 'instant', pollTimeoutMs: 500 });
      const client = new UcwaClient({ baseUrl: replay.url, user: scenario?.user ?? '', password: DEFAULT_PASSWORD, format: file.includes('-xml') ? 'xml' : 'json' });
      const outcome = await runScenario(client, scenario as NonNullable<typeof scenario>, { stepTimeoutMs: 10_000 });
      await client.close();
      await replay.close();
      expect({ file, conversations: outcome.conversations }).toEqual({ file, conversations: scenario?.expect.conversations });
    }
  }, 120_000);
});
