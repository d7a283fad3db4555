/**
 * The meeting resources one application is served, under its own href
 * (onlineMeetings_ref.md and the pages it links): the entry point, the organizer's defaults,
 * eligible values and policies, dial-in information, myOnlineMeetings with each meeting, and
 * the onlineMeeting inside a meeting's conversation.
 */
import type { ConversationState } from '../state/conversation.ts';
import { simDate, type SimLink, type SimResource } from '../wire/sim-resource.ts';
import { assignedMeetingId, joinUrl, onlineMeetingUri, type OnlineMeeting } from './meeting-book.ts';

export const ACCESS_LEVELS = ['Everyone', 'Invited', 'Locked', 'None', 'SameEnterprise'];
export const AUTOMATIC_LEADER_ASSIGNMENTS = ['Disabled', 'Everyone', 'SameEnterprise'];
export const ENTRY_EXIT_ANNOUNCEMENTS = ['Disabled', 'Enabled', 'Unsupported'];
export const ENABLED_OR_NOT = ['Disabled', 'Enabled'];

export class MeetingResources {
  constructor(
    private readonly appHref: string,
    private readonly organizerSip: string,
  ) {}

  get href(): string {
    return `${this.appHref}/onlineMeetings`;
  }

  get myOnlineMeetingsHref(): string {
    return `${this.href}/myOnlineMeetings`;
  }

  meetingHref(meeting: OnlineMeeting): string {
    return `${this.myOnlineMeetingsHref}/${meeting.id}`;
  }

  private get assignedHref(): string {
    return `${this.myOnlineMeetingsHref}/${assignedMeetingId(this.organizerSip)}`;
  }

  /** What `application` embeds and links as onlineMeetings. */
  onlineMeetingsResource(): SimResource {
    return {
      rel: 'onlineMeetings',
      href: this.href,
      properties: {},
      links: [
        { rel: 'myAssignedOnlineMeeting', href: this.assignedHref },
        { rel: 'myOnlineMeetings', href: this.myOnlineMeetingsHref },
        { rel: 'onlineMeetingDefaultValues', href: `${this.href}/onlineMeetingDefaultValues` },
        { rel: 'onlineMeetingEligibleValues', href: `${this.href}/onlineMeetingEligibleValues` },
        { rel: 'onlineMeetingPolicies', href: `${this.href}/onlineMeetingPolicies` },
        { rel: 'phoneDialInInformation', href: `${this.href}/phoneDialInInformation` },
      ],
    };
  }

  defaultValuesResource(): SimResource {
    return { rel: 'onlineMeetingDefaultValues', href: `${this.href}/onlineMeetingDefaultValues`, properties: { accessLevel: 'SameEnterprise', automaticLeaderAssignment: 'SameEnterprise', defaultOnlineMeetingRel: 'myOnlineMeetings', entryExitAnnouncement: 'Disabled', lobbyBypassForPhoneUsers: 'Disabled', participantsWarningThreshold: 100 }, links: [] };
  }

  eligibleValuesResource(): SimResource {
    return {
      rel: 'onlineMeetingEligibleValues',
      href: `${this.href}/onlineMeetingEligibleValues`,
      properties: { accessLevels: ACCESS_LEVELS, automaticLeaderAssignments: AUTOMATIC_LEADER_ASSIGNMENTS, eligibleOnlineMeetingRels: ['myOnlineMeetings', 'myAssignedOnlineMeeting'], entryExitAnnouncements: ['Disabled', 'Enabled'], lobbyBypassForPhoneUsersSettings: ENABLED_OR_NOT },
      links: [
        { rel: 'myAssignedOnlineMeeting', href: this.assignedHref },
        { rel: 'myOnlineMeetings', href: this.myOnlineMeetingsHref },
      ],
    };
  }

  policiesResource(): SimResource {
    return { rel: 'onlineMeetingPolicies', href: `${this.href}/onlineMeetingPolicies`, properties: { entryExitAnnouncement: 'Enabled', externalUserMeetingRecording: 'Disabled', meetingRecording: 'Disabled', meetingSize: 250, phoneUserAdmission: 'Disabled', voipAudio: 'Enabled' }, links: [] };
  }

  /** No audio conferencing provider: the numbers are empty, as on a server without dial-in. */
  phoneDialInResource(conferenceId: string | null): SimResource {
    return { rel: 'phoneDialInInformation', href: `${this.href}/phoneDialInInformation`, properties: { ...(conferenceId ? { conferenceId } : {}), isAudioConferenceProviderEnabled: false, tollFreeNumbers: [] }, links: [] };
  }

  /** A scheduled meeting or the assigned meeting space, as its organizer reads it. */
  meetingResource(meeting: OnlineMeeting): SimResource {
    const rel = meeting.kind === 'myAssignedOnlineMeeting' ? 'myAssignedOnlineMeeting' : 'myOnlineMeeting';
    return { rel, href: this.meetingHref(meeting), properties: { ...meetingProperties(meeting), onlineMeetingRel: meeting.kind === 'myAssignedOnlineMeeting' ? 'myAssignedOnlineMeeting' : 'myOnlineMeetings' }, links: [] };
  }

  myOnlineMeetingsResource(meetings: readonly OnlineMeeting[]): SimResource {
    const scheduled = meetings.filter((m) => m.kind === 'myOnlineMeeting');
    const assigned = meetings.filter((m) => m.kind === 'myAssignedOnlineMeeting');
    return {
      rel: 'myOnlineMeetings',
      href: this.myOnlineMeetingsHref,
      properties: {},
      links: [],
      embedded: { ...(assigned.length ? { myAssignedOnlineMeeting: assigned.map((m) => this.meetingResource(m)) } : {}), ...(scheduled.length ? { myOnlineMeeting: scheduled.map((m) => this.meetingResource(m)) } : {}) },
    };
  }

  /** The meeting as a conversation holds it (onlineMeeting_ref.md). */
  inConversationResource(conv: ConversationState, meeting: OnlineMeeting): SimResource {
    const links: SimLink[] = [
      { rel: 'conversation', href: conv.href },
      { rel: 'phoneDialInInformation', href: `${this.href}/phoneDialInInformation` },
    ];
    return {
      rel: 'onlineMeeting',
      href: onlineMeetingHref(conv),
      properties: { ...meetingProperties(meeting), largeMeeting: 'Disabled', onlineMeetingRel: meeting.kind === 'myAssignedOnlineMeeting' ? 'myAssignedOnlineMeeting' : 'myOnlineMeetings', organizerName: meeting.organizer.name },
      links,
    };
  }
}

export function onlineMeetingHref(conv: ConversationState): string {
  return `${conv.href}/onlineMeeting`;
}

function meetingProperties(meeting: OnlineMeeting): SimResource['properties'] {
  return {
    accessLevel: meeting.accessLevel,
    attendees: meeting.attendees,
    automaticLeaderAssignment: meeting.automaticLeaderAssignment,
    conferenceId: meeting.conferenceId,
    description: meeting.description,
    entryExitAnnouncement: meeting.entryExitAnnouncement,
    expirationTime: simDate(meeting.expirationMs),
    joinUrl: joinUrl(meeting),
    leaders: meeting.leaders,
    lobbyBypassForPhoneUsers: meeting.lobbyBypassForPhoneUsers,
    onlineMeetingId: meeting.id,
    onlineMeetingUri: onlineMeetingUri(meeting),
    organizerUri: meeting.organizer.sip,
    phoneUserAdmission: meeting.phoneUserAdmission,
    subject: meeting.subject,
  };
}
