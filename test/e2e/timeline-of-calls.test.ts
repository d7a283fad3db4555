import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTimelineText } from '../../protocol/timeline/render-timeline.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { exchangeAt, readFixtureJson, writeFixtureJson, type FixtureExchange } from '../support/edit-fixture.ts';
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

describe('the timeline of a recording whose recorder noted an answer\'s end late', () => {
  it('still ties the decline to the invitation the batch offered it in', () => {
    // calls-json: exchange 13 is the event batch offering bob's call with its decline link;
    // exchange 15 declines it. A loaded recorder can note 13's end after 15 started.
    const fixture = readFixtureJson(fileURLToPath(new URL('../../recordings/calls-json.json', import.meta.url)));
    const batch = exchangeAt(fixture, 13) as FixtureExchange & { timings: { startedAtMs: number } };
    const decline = exchangeAt(fixture, 15) as FixtureExchange & { timings: { startedAtMs: number } };
    expect(decline.request.url).toMatch(/\/decline$/);
    batch.timings.endedMs = decline.timings.startedAtMs - batch.timings.startedAtMs + 40;
    const late = writeFixtureJson(tmp.path('calls-late-end.json'), fixture);
    const { id } = store.importSession(readImportFile(late).session);
    const incoming = sessionTimeline(store, id).conversations.find((c) => c.invitations[0]?.direction === 'Incoming');
    expect(incoming?.invitations[0]?.actions.map((a) => a.action)).toEqual(['decline']);
  });
});
