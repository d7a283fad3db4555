import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-timeline-e2e-');
const store = RecordingStore.open(tmp.path('timelines.db'), { create: true });
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe.each(['json', 'xml'] as const)('timelines of every scenario recorded through the proxy (%s)', (format) => {
  it.each(SCENARIOS.map((s) => s.name))('%s: every conversation, participant, typing interval and message, with causes', async (name) => {
    const scenario = SCENARIOS.find((s) => s.name === name);
    const { sessionId } = await recordScenario(store, name, { format, caDir: tmp.path('ca') });
    const timeline = sessionTimeline(store, sessionId);
    const answered = timeline.conversations.filter((c) => c.invitations.every((i) => i.outcome?.status !== 'Failure'));
    expect(answered).toHaveLength(scenario?.expect.conversations.length ?? -1);
    // Remote parties act on their own clock, so conversations may start in another order than the scenario lists them.
    answered.forEach((conv) => {
      const expected = scenario?.expect.conversations.find((e) => e.messages[0]?.text === conv.messages[0]?.text);
      expect(conv.direction).toBe(expected?.direction);
      expect(conv.messages.map((m) => ({ from: m.direction === 'Outgoing' ? 'local' : m.from, text: m.text }))).toEqual(expected?.messages);
      expect(conv.participants.filter((p) => !p.local).map((p) => p.uri)).toEqual(expected?.participants);
      expect(conv.participants.filter((p) => p.leftAtMs !== null).map((p) => p.uri)).toEqual(expected?.left);
      expect([...new Set(conv.typing.map((t) => t.who))]).toEqual(expected?.typing);
      expect(conv.typing.every((t) => t.toMs !== null && t.toMs >= t.fromMs)).toBe(true);
      const states = conv.changes.filter((c) => c.what === 'state').map((c) => c.to);
      expect(states).toEqual(conv.direction === 'Incoming' ? expect.arrayContaining(['Incoming', 'Connected']) : expect.arrayContaining(['Connecting', 'Connected']));
      expect(conv.endedAtMs).not.toBeNull();
      expect(conv.messages.filter((m) => m.direction === 'Outgoing').every((m) => m.sentBy?.source === 'request')).toBe(true);
      // Every cause points at a recorded exchange of this session that carries it.
      for (const change of conv.changes) {
        const stored = store.getExchange(change.cause.exchangeId);
        expect(stored?.sessionId).toBe(sessionId);
        if (change.cause.source === 'event') expect(stored?.derived?.events.length).toBeGreaterThan(change.cause.eventIndex ?? 0);
      }
    });
    expect(timeline.missedItems.at(-1)?.counts['missedConversationsCount'] ?? 0).toBe(scenario?.expect.missedConversations);
    expect(timeline.application.map((a) => a.what)).toEqual(['created', 'made-available', 'deleted']);
  });
});

describe('the state at a moment', () => {
  it('shows a conversation connected mid-session and over at the end', async () => {
    const { sessionId } = await recordScenario(store, 'outgoing-chat', { caDir: tmp.path('ca') });
    const full = sessionTimeline(store, sessionId);
    const conv = full.conversations[0];
    const firstMessage = conv?.messages[0]?.cause.exchangeId ?? -1;
    const mid = stateAt(store, sessionId, { exchangeId: firstMessage }).conversations[0];
    expect(mid?.properties['state']).toBe('Connected');
    expect(mid?.messages).toHaveLength(1);
    expect(mid?.endedAtMs).toBeNull();
    const before = stateAt(store, sessionId, { atMs: (conv?.firstSeenAtMs ?? 0) - 1 });
    expect(before.conversations).toEqual([]);
    expect(conv?.endedAtMs).not.toBeNull();
  });
});
