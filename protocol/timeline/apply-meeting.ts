/**
 * A conversation that is an online meeting: its `onlineMeeting` (added, then updated, in the
 * conversation) starts the meeting band, labelled with the meeting's subject and URI; the
 * conversation's end closes it. A band of its own beside state, messaging and audioVideo.
 */
import type { UcwaResource } from '../resource.ts';
import { plainValue } from './apply-resource.ts';
import { nonEmpty } from './participant-label.ts';
import type { Cause, ConversationTimeline, TimelineMeeting } from './timeline-types.ts';

/** How a meeting reads in a change line and on its band: the subject, else the URI. */
export function meetingLabel(meeting: Pick<TimelineMeeting, 'subject' | 'uri'>): string {
  return meeting.subject ? JSON.stringify(meeting.subject) : (meeting.uri ?? 'online meeting');
}

function learn(meeting: TimelineMeeting, resource: UcwaResource | undefined): void {
  if (!resource) return;
  const text = (name: string) => nonEmpty(plainValue(resource.properties[name]));
  meeting.uri = text('onlineMeetingUri') ?? meeting.uri;
  meeting.subject = text('subject') ?? meeting.subject;
  meeting.joinUrl = text('joinUrl') ?? meeting.joinUrl;
  meeting.organizer = text('organizerName') ?? text('organizerUri') ?? meeting.organizer;
}

/** An `onlineMeeting` event (or snapshot) in `conv`: the first one joins the band, later ones update its label. */
export function onOnlineMeeting(conv: ConversationTimeline, resource: UcwaResource | undefined, atMs: number, cause: Cause): void {
  if (conv.meeting) {
    const before = meetingLabel(conv.meeting);
    learn(conv.meeting, resource);
    if (meetingLabel(conv.meeting) !== before) conv.changes.push({ atMs, cause, what: 'meeting', to: 'updated', detail: `online meeting now ${meetingLabel(conv.meeting)}` });
    return;
  }
  const meeting: TimelineMeeting = { uri: null, subject: null, joinUrl: null, organizer: null, joinedAtMs: atMs, cause, leftAtMs: null, leftCause: null };
  learn(meeting, resource);
  conv.meeting = meeting;
  conv.changes.push({ atMs, cause, what: 'meeting', to: 'joined', detail: `joined online meeting ${meetingLabel(meeting)}${meeting.subject && meeting.uri ? ` (${meeting.uri})` : ''}` });
}

/** The meeting's conversation ended: the user is out of the meeting. */
export function leaveMeeting(conv: ConversationTimeline, atMs: number, cause: Cause): void {
  const meeting = conv.meeting;
  if (!meeting || meeting.leftAtMs !== null) return;
  meeting.leftAtMs = atMs;
  meeting.leftCause = cause;
  conv.changes.push({ atMs, cause, what: 'meeting', to: 'left', detail: `left online meeting ${meetingLabel(meeting)}` });
}
