import { afterAll, describe, expect, it } from 'vitest';
import { renderTimelineText } from '../../protocol/timeline/render-timeline.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-calls-timeline-');
const store = RecordingStore.open(tmp.path('calls.db'), { create: true });
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe.each(['json', 'xml'] as const)('the timeline of calls recorded through the proxy (%s)', (format) => {
  it('shows the audioVideo band of the outgoing call and how each call invitation ended', async () => {
    const { sessionId } = await recordScenario(store, 'calls', { format, caDir: tmp.path('ca') });
    const timeline = sessionTimeline(store, sessionId);
    const [outgoing, incoming] = timeline.conversations;
    const band = (conv: typeof outgoing) => conv?.changes.filter((c) => c.what === 'audioVideo.state').map((c) => c.to);
    expect(band(outgoing)).toEqual(['Connecting', 'Connected', 'Disconnected']);
    expect(outgoing?.invitations.map((i) => [i.direction, i.state, i.outcome?.status])).toEqual([['Outgoing', 'Connected', 'Success']]);
    expect(band(incoming)).toEqual(['Connecting']);
    expect(incoming?.invitations.map((i) => [i.direction, i.from, i.state, i.outcome?.status])).toEqual([['Incoming', 'sip:bob@contoso.com', 'Declined', 'Failure']]);
    const text = renderTimelineText(timeline);
    expect(text).toContain('audioVideo.state Connecting -> Connected');
    expect(text).toContain('call Declined');
  });

  it('shows a call between two signed-in users held and resumed, and the missed call before it', async () => {
    const { sessionId } = await recordScenario(store, 'call-logs', { format, caDir: tmp.path('ca') });
    const timeline = sessionTimeline(store, sessionId);
    const call = timeline.conversations.find((c) => c.subject === 'Catch-up');
    expect(call?.changes.filter((c) => c.what === 'audioVideo.state').map((c) => c.to)).toEqual(['Connecting', 'Connected', 'Disconnected']);
    expect(call?.changes.filter((c) => c.what === 'audioVideo.session').map((c) => c.to)).toEqual(['Established', 'Suspended', 'Established']);
    const missed = timeline.conversations.find((c) => c.subject === 'Missed you');
    expect(missed?.invitations.map((i) => [i.direction, i.from, i.state, i.outcome?.status])).toEqual([['Incoming', 'sip:carol@contoso.com', 'Failed', 'Failure']]);
    // Each log written changes missedItems: the missed call, the chat and the call; then markAsRead.
    expect(timeline.missedItems.map((m) => [m.counts['conversationLogsCount'], m.counts['unreadMissedConversationsCount']])).toEqual(expect.arrayContaining([[1, 1], [3, 1], [3, 0]]));
    expect(renderTimelineText(timeline)).toContain('audioVideo.session Established -> Suspended');
  });
});
