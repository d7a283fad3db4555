/**
 * Online meetings over HTTP: onlineMeetings and what it links (defaults, eligible values, policies,
 * dial-in), myOnlineMeetings (GET, POST) and each meeting (GET with If-None-Match, PUT with
 * If-Match, DELETE); joinOnlineMeeting and startOnlineMeeting; the onlineMeetingInvitation; a
 * meeting conversation's onlineMeeting and its addMessaging (IM with the meeting's focus).
 */
import { defaultSettings, MAX_MEETINGS_PER_ORGANIZER, type MeetingSettings, type OnlineMeeting } from '../meetings/meeting-book.ts';
import { ACCESS_LEVELS, AUTOMATIC_LEADER_ASSIGNMENTS, ENABLED_OR_NOT, ENTRY_EXIT_ANNOUNCEMENTS } from '../meetings/meeting-resources.ts';
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import type { SimResource } from '../wire/sim-resource.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { checkedOperationId, firstMessageOf } from './conversation-routes.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, etagOf, resourceResponse } from './respond.ts';
import { headerOf, type SimulatorAnswer } from './sim-answer.ts';
import { badRequest, conflict, missingInput, notFound, SimError } from './sim-error.ts';

const IMPORTANCE = ['Normal', 'Urgent', 'Emergency'] as const;
const SIP_URI = /^sip:[^@\s;]+@[^@\s;]+$/i;
const MAX_SUBJECT = 250;

function choice(input: RequestInput, name: string, allowed: readonly string[], current: string): string {
  const value = input.get(name);
  if (value === undefined) return current;
  if (!allowed.includes(value)) throw badRequest('ParameterValidationFailure', `${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value;
}

function sipList(input: RequestInput, name: string, current: string[]): string[] {
  const list = input.list(name);
  if (list === undefined) return current;
  const wrong = list.find((item) => !SIP_URI.test(item.trim()));
  if (wrong !== undefined) throw badRequest('ParameterValidationFailure', `${name} holds "${wrong}", which is not a SIP URI; write each as sip:user@domain.`);
  return list.map((item) => item.trim().toLowerCase());
}

/** `/Date(ms)/` as JSON sends it, or an ISO date as XML does. */
function expiration(input: RequestInput, current: number): number {
  const text = input.get('expirationTime');
  if (text === undefined) return current;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text)?.[1];
  const value = ms !== undefined ? Number(ms) : Date.parse(text);
  if (!Number.isFinite(value)) throw badRequest('ParameterValidationFailure', `expirationTime "${text}" is not a date; send /Date(milliseconds)/ or an ISO 8601 date.`);
  return value;
}

/** The settings a POST or PUT gives, over `base`: only the properties sent change. */
function settingsFrom(input: RequestInput, base: MeetingSettings): MeetingSettings {
  const subject = input.get('subject') ?? base.subject;
  if (subject.length > MAX_SUBJECT) throw badRequest('ParameterValidationFailure', `subject is limited to ${MAX_SUBJECT} characters.`);
  return {
    subject,
    description: input.get('description') ?? base.description,
    attendees: sipList(input, 'attendees', base.attendees),
    leaders: sipList(input, 'leaders', base.leaders),
    accessLevel: choice(input, 'accessLevel', ACCESS_LEVELS, base.accessLevel),
    automaticLeaderAssignment: choice(input, 'automaticLeaderAssignment', AUTOMATIC_LEADER_ASSIGNMENTS, base.automaticLeaderAssignment),
    entryExitAnnouncement: choice(input, 'entryExitAnnouncement', ENTRY_EXIT_ANNOUNCEMENTS, base.entryExitAnnouncement),
    lobbyBypassForPhoneUsers: choice(input, 'lobbyBypassForPhoneUsers', ENABLED_OR_NOT, base.lobbyBypassForPhoneUsers),
    phoneUserAdmission: choice(input, 'phoneUserAdmission', ENABLED_OR_NOT, base.phoneUserAdmission),
    expirationMs: expiration(input, base.expirationMs),
  };
}

/** GET with If-None-Match naming the current copy: 304, no body (HTTP's conditional GET, as the reference's requests send it). */
function unlessUnchanged(request: AppRequest, resource: SimResource): SimulatorAnswer {
  if (headerOf(request.headers, 'if-none-match') === etagOf(resource)) return emptyResponse(304, [['ETag', etagOf(resource)]]);
  return resourceResponse(request.format, resource);
}

function meetingRoute(state: SimState, app: ApplicationState, request: AppRequest, id: string, allow: Allow): SimulatorAnswer {
  const resources = state.meetings.resources(app);
  const meeting = state.meetings.book.ownedBy(app.user, id);
  if (!meeting) throw notFound(`There is no meeting ${id} among your online meetings (it was deleted, or never scheduled); list myOnlineMeetings to see them.`);
  allow(['GET', 'PUT', 'DELETE']);
  if (request.method === 'GET') return unlessUnchanged(request, resources.meetingResource(meeting));
  if (request.method === 'DELETE') {
    state.meetings.book.delete(meeting);
    return emptyResponse(204);
  }
  const ifMatch = headerOf(request.headers, 'if-match');
  const current = etagOf(resources.meetingResource(meeting));
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== current)
    throw new SimError(412, { code: 'PreconditionFailed', message: `The meeting changed since the copy with ETag ${ifMatch} was read (it is ${current} now); GET it again and apply your change to that.` });
  Object.assign(meeting, settingsFrom(RequestInput.fromBody(request.body, request.contentType, request.url), meeting));
  return resourceResponse(request.format, resources.meetingResource(meeting));
}

function schedule(state: SimState, app: ApplicationState, request: AppRequest): SimulatorAnswer {
  if (state.meetings.book.scheduledBy(app.user).length >= MAX_MEETINGS_PER_ORGANIZER) throw conflict('TooManyOnlineMeetings', `You have ${MAX_MEETINGS_PER_ORGANIZER} scheduled meetings, the most this server keeps; delete one first.`);
  const settings = settingsFrom(RequestInput.fromBody(request.body, request.contentType, request.url), defaultSettings(state.clock.now()));
  const meeting = state.meetings.book.create(app.user, 'myOnlineMeeting', settings);
  const resources = state.meetings.resources(app);
  return resourceResponse(request.format, resources.meetingResource(meeting), 201, [['Location', resources.meetingHref(meeting)]]);
}

/** Who may join: anyone for Everyone and SameEnterprise (every built-in user is), the invited for the rest. */
function mayJoin(meeting: OnlineMeeting, sip: string): boolean {
  if (meeting.accessLevel === 'Everyone' || meeting.accessLevel === 'SameEnterprise' || meeting.organizer.sip === sip) return true;
  return meeting.attendees.includes(sip) || meeting.leaders.includes(sip);
}

function join(state: SimState, app: ApplicationState, request: AppRequest, adHoc: boolean): SimulatorAnswer {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const importance = input.get('importance') ?? 'Normal';
  if (!(IMPORTANCE as readonly string[]).includes(importance)) throw badRequest('ParameterValidationFailure', `importance must be Normal, Urgent or Emergency, not "${importance}".`);
  const subject = input.get('subject') ?? null;
  if (subject !== null && subject.length > MAX_SUBJECT) throw badRequest('ParameterValidationFailure', `subject is limited to ${MAX_SUBJECT} characters.`);
  let meeting: OnlineMeeting | undefined;
  if (adHoc) meeting = state.meetings.book.create(app.user, 'adhoc', { ...defaultSettings(state.clock.now(), subject ?? ''), accessLevel: 'Everyone' });
  else {
    const uri = input.get('onlineMeetingUri');
    if (!uri) throw missingInput(['onlineMeetingUri (the meeting\'s URI, as its myOnlineMeeting gives it)'], 'joinOnlineMeeting');
    meeting = state.meetings.book.byUri(uri);
    if (!meeting) throw notFound(`No online meeting has the URI ${uri}; take onlineMeetingUri from the meeting as myOnlineMeetings lists it.`, 'DestinationNotFound');
    if (!mayJoin(meeting, app.user.sip)) throw new SimError(403, { code: 'Forbidden', message: `The meeting ${uri} admits only its invited attendees and leaders (accessLevel ${meeting.accessLevel}), and ${app.user.sip} is not one.` });
    if (state.meetings.isIn(app, meeting)) throw conflict('AlreadyExists', `This application is already in the meeting ${uri}.`);
  }
  const found = meeting;
  const inv = state.meetings.startJoin(app, found, { importance: importance as (typeof IMPORTANCE)[number], operationId: checkedOperationId(input), threadId: input.get('threadId') ?? null, subject });
  // The meeting's focus admits the user a moment later, as a real conference does.
  state.clock.after(300, () => state.meetings.connects(app, inv, found));
  return emptyResponse(201, [['Location', inv.href]]);
}

/** Answers the meeting resources and a meeting conversation's onlineMeeting and addMessaging; null for anything else. */
export function handleMeetingRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const { rest, format } = request;
  const resources = state.meetings.resources(app);
  // The entry point and the organizer's settings pages: read-only, the same for every meeting.
  const readOnly = new Map<string, () => SimResource>([
    ['/onlineMeetings', () => resources.onlineMeetingsResource()],
    ['/onlineMeetings/onlineMeetingDefaultValues', () => resources.defaultValuesResource()],
    ['/onlineMeetings/onlineMeetingEligibleValues', () => resources.eligibleValuesResource()],
    ['/onlineMeetings/onlineMeetingPolicies', () => resources.policiesResource()],
    ['/onlineMeetings/phoneDialInInformation', () => resources.phoneDialInResource(state.meetings.book.assigned(app.user).conferenceId)],
  ]);
  const page = readOnly.get(rest);
  if (page) {
    allow(['GET']);
    return resourceResponse(format, page());
  }
  switch (rest) {
    case '/onlineMeetings/myOnlineMeetings':
      allow(['GET', 'POST']);
      if (request.method === 'POST') return schedule(state, app, request);
      return unlessUnchanged(request, resources.myOnlineMeetingsResource([state.meetings.book.assigned(app.user), ...state.meetings.book.scheduledBy(app.user)]));
    case '/communication/joinOnlineMeeting':
    case '/communication/startOnlineMeeting':
      allow(['POST']);
      return join(state, app, request, rest.endsWith('startOnlineMeeting'));
  }
  const meetingMatch = /^\/onlineMeetings\/myOnlineMeetings\/([^/]+)$/.exec(rest);
  if (meetingMatch) return meetingRoute(state, app, request, decodeURIComponent(meetingMatch[1] as string), allow);
  const invitationMatch = /^\/communication\/onlineMeetingInvitations\/(\d+)$/.exec(rest);
  if (invitationMatch) {
    const inv = state.meetings.invitation(app, Number(invitationMatch[1]));
    if (!inv) throw notFound(`There is no online meeting invitation at ${request.url.pathname}.`);
    allow(['GET']);
    return resourceResponse(format, inv.resource());
  }
  const convMatch = /^\/communication\/conversations\/(\d+)\/(onlineMeeting|messaging\/addMessaging)$/.exec(rest);
  const conv = convMatch ? app.conversations.get(Number(convMatch[1])) : undefined;
  if (!convMatch || !conv || conv.meetingId === null) return null;
  if (convMatch[2] === 'onlineMeeting') {
    allow(['GET']);
    const meeting = state.meetings.meetingOf(conv);
    if (!meeting) throw notFound('The meeting of this conversation was deleted by its organizer.');
    return resourceResponse(format, resources.inConversationResource(conv, meeting));
  }
  allow(['POST']);
  if (conv.messagingState !== 'Disconnected') throw conflict('AlreadyExists', `Messaging is already ${conv.messagingState} in this meeting.`);
  if (conv.state !== 'Connected') throw conflict('None', 'The meeting has not let you in yet; add messaging once its conversation is Connected.');
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const inv = state.meetings.addMessaging(app, conv, checkedOperationId(input), firstMessageOf(input));
  state.clock.after(300, () => {
    state.meetings.messagingConnects(app, inv);
    state.remote.onMeetingMessaging(app, conv);
    // The first message goes out with IM's connection; the others in the meeting read it as any other.
    if (inv.firstMessage && inv.state === 'Connected') state.remote.onLocalMessage(app, conv, inv.firstMessage.text, inv.firstMessage.html);
  });
  return emptyResponse(201, [['Location', inv.href]]);
}
