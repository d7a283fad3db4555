/**
 * Every online meeting the simulator knows, whoever organized it (a meeting is joined by its URI
 * from any application): scheduled ones (myOnlineMeetings), each user's assigned meeting space
 * (myAssignedOnlineMeeting, made on first use) and ad-hoc ones (startOnlineMeeting).
 */
import { createHash } from 'node:crypto';
import type { SimUser } from '../users.ts';

export type MeetingKind = 'myOnlineMeeting' | 'myAssignedOnlineMeeting' | 'adhoc';

/** What an organizer may set (myOnlineMeetings POST, myOnlineMeeting PUT), with the reference's enums. */
export interface MeetingSettings {
  subject: string;
  description: string;
  attendees: string[];
  leaders: string[];
  accessLevel: string;
  automaticLeaderAssignment: string;
  entryExitAnnouncement: string;
  lobbyBypassForPhoneUsers: string;
  phoneUserAdmission: string;
  expirationMs: number;
}

export interface OnlineMeeting extends MeetingSettings {
  /** `onlineMeetingId`: the last part of the meeting's URI and join URL. */
  readonly id: string;
  readonly kind: MeetingKind;
  readonly organizer: SimUser;
  readonly conferenceId: string;
}

/** How long a new meeting lives before the server may delete it (expirationTime). */
const LIFETIME_MS = 14 * 24 * 3600_000;
/** myOnlineMeetings POST refuses more than this many per organizer with 409 TooManyOnlineMeetings. */
export const MAX_MEETINGS_PER_ORGANIZER = 50;

export function onlineMeetingUri(meeting: OnlineMeeting): string {
  return `${meeting.organizer.sip};gruu;opaque=app:conf:focus:id:${meeting.id}`;
}

export function joinUrl(meeting: OnlineMeeting): string {
  const [user, domain] = meeting.organizer.sip.slice(4).split('@');
  return `https://meet.${domain ?? 'contoso.com'}/${user ?? 'user'}/${meeting.id}`;
}

/** The assigned meeting space's id follows from its owner, so every application of a user links the same one. */
export function assignedMeetingId(sip: string): string {
  return createHash('sha1').update(`assigned ${sip}`).digest('hex').slice(0, 8).toUpperCase();
}

export function defaultSettings(nowMs: number, subject = ''): MeetingSettings {
  return { subject, description: '', attendees: [], leaders: [], accessLevel: 'SameEnterprise', automaticLeaderAssignment: 'SameEnterprise', entryExitAnnouncement: 'Disabled', lobbyBypassForPhoneUsers: 'Disabled', phoneUserAdmission: 'Disabled', expirationMs: nowMs + LIFETIME_MS };
}

export class MeetingBook {
  private readonly meetings = new Map<string, OnlineMeeting>();

  constructor(
    private readonly now: () => number,
    private readonly hex: (length: number) => string,
  ) {}

  create(organizer: SimUser, kind: 'myOnlineMeeting' | 'adhoc', settings: MeetingSettings): OnlineMeeting {
    let id = this.hex(8).toUpperCase();
    while (this.meetings.has(id)) id = this.hex(8).toUpperCase();
    const meeting: OnlineMeeting = { ...settings, id, kind, organizer, conferenceId: String(parseInt(this.hex(7), 16) % 90_000_000 + 10_000_000) };
    this.meetings.set(id, meeting);
    return meeting;
  }

  /** `organizer`'s assigned meeting space, made with the defaults the first time it is asked for. */
  assigned(organizer: SimUser): OnlineMeeting {
    const id = assignedMeetingId(organizer.sip);
    let meeting = this.meetings.get(id);
    if (!meeting) {
      meeting = { ...defaultSettings(this.now(), `${organizer.name}'s meeting`), id, kind: 'myAssignedOnlineMeeting', organizer, conferenceId: String(parseInt(id, 16) % 90_000_000 + 10_000_000) };
      this.meetings.set(id, meeting);
    }
    return meeting;
  }

  /** A meeting of `organizer` by its id, the assigned one included. */
  ownedBy(organizer: SimUser, id: string): OnlineMeeting | undefined {
    if (id === assignedMeetingId(organizer.sip)) return this.assigned(organizer);
    const meeting = this.meetings.get(id);
    return meeting && meeting.organizer.sip === organizer.sip && meeting.kind === 'myOnlineMeeting' ? meeting : undefined;
  }

  scheduledBy(organizer: SimUser): OnlineMeeting[] {
    return [...this.meetings.values()].filter((m) => m.kind === 'myOnlineMeeting' && m.organizer.sip === organizer.sip);
  }

  /** The meeting an onlineMeetingUri names (as joinOnlineMeeting gets it), compared without case. */
  byUri(uri: string): OnlineMeeting | undefined {
    const wanted = uri.trim().toLowerCase();
    return [...this.meetings.values()].find((m) => onlineMeetingUri(m).toLowerCase() === wanted);
  }

  byId(id: string): OnlineMeeting | undefined {
    return this.meetings.get(id);
  }

  /** Deleting the assigned meeting space resets it: it is made again, with the defaults, when next asked for. */
  delete(meeting: OnlineMeeting): void {
    this.meetings.delete(meeting.id);
  }
}
