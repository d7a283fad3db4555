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
});
