import { afterAll, describe, expect, it } from 'vitest';
import { renderTimelineText, timelineJson } from '../../protocol/timeline/render-timeline.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-meeting-timeline-');
const store = RecordingStore.open(tmp.path('meeting.db'), { create: true });
afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe.each(['json', 'xml'] as const)('the timeline of an online meeting recorded through the proxy (%s)', (format) => {
  it('shows a meeting band from joining to leaving, labelled with the meeting, beside the conversation\'s other bands', async () => {
    const { sessionId } = await recordScenario(store, 'meeting', { format, caDir: tmp.path('ca') });
    const timeline = sessionTimeline(store, sessionId);
    expect(timeline.conversations).toHaveLength(1);
    const [conv] = timeline.conversations;
    const meeting = conv?.meeting;
    expect(meeting).toMatchObject({ subject: 'Release planning (moved)', organizer: 'Alice Anders' });
    expect(meeting?.uri).toMatch(/^sip:alice@contoso\.com;gruu;opaque=app:conf:focus:id:[0-9A-F]{8}$/);
    // In the meeting from its onlineMeeting to the conversation's end: the messages fall inside the band.
    expect(meeting?.leftAtMs).toBe(conv?.endedAtMs);
    expect(conv?.messages.every((m) => m.atMs >= (meeting?.joinedAtMs ?? Infinity) && m.atMs <= (meeting?.leftAtMs ?? -Infinity))).toBe(true);
    expect(conv?.changes.filter((c) => c.what === 'meeting').map((c) => c.to)).toEqual(['joined', 'left']);
    // Joining the meeting, then its IM, each an invitation that connected.
    expect(conv?.invitations.map((i) => [i.direction, i.to, i.state, i.outcome?.status])).toEqual([
      ['Outgoing', meeting?.uri, 'Connected', 'Success'],
      ['Outgoing', meeting?.uri, 'Connected', 'Success'],
    ]);
    const text = renderTimelineText(timeline);
    expect(text).toContain(`joined online meeting "Release planning (moved)" (${meeting?.uri})`);
    expect(text).toContain('left online meeting "Release planning (moved)"');
    const json = JSON.parse(JSON.stringify(timelineJson(timeline))) as { conversations: { meeting?: unknown }[] };
    expect(json.conversations[0]?.meeting).toMatchObject({ subject: 'Release planning (moved)', joinedAtMs: meeting?.joinedAtMs, leftAtMs: meeting?.leftAtMs });
  });
});

describe('a conversation that is not a meeting', () => {
  it('has no meeting band', async () => {
    const { sessionId } = await recordScenario(store, 'outgoing-chat', { caDir: tmp.path('ca') });
    const [conv] = sessionTimeline(store, sessionId).conversations;
    expect(conv?.meeting).toBeUndefined();
    expect(conv?.changes.some((c) => c.what === 'meeting')).toBe(false);
  });
});
