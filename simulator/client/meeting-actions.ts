/**
 * Online meetings from the client's side: the application's `onlineMeetings` links, scheduling
 * (myOnlineMeetings POST), reading, updating with If-Match, deleting, and joining a meeting's
 * conversation (joinOnlineMeeting with its onlineMeetingUri, as real clients send it) with IM.
 */
import type { UcwaResource } from '../../protocol/resource.ts';
import { readString } from '../../protocol/views/read-fields.ts';
import { resourceOf, sipOf, UcwaClientError, type ClientCore } from './client-core.ts';
import type { InputValue } from './input-body.ts';

/** The properties a meeting's organizer may set (myOnlineMeetings POST, myOnlineMeeting PUT). */
export interface MeetingSettings {
  readonly subject?: string;
  readonly description?: string;
  readonly attendees?: readonly string[];
  readonly leaders?: readonly string[];
  readonly accessLevel?: string;
}

export interface MeetingView {
  readonly href: string;
  readonly onlineMeetingUri: string;
  readonly subject: string;
  /** The ETag the server sent with this copy: pass it back as If-Match to update. */
  readonly etag: string | null;
  readonly resource: UcwaResource;
}

const SETTABLE = ['accessLevel', 'attendees', 'automaticLeaderAssignment', 'description', 'entryExitAnnouncement', 'expirationTime', 'leaders', 'lobbyBypassForPhoneUsers', 'phoneUserAdmission', 'subject'];

function inputOf(settings: MeetingSettings): Record<string, InputValue> {
  return {
    ...(settings.subject !== undefined ? { subject: settings.subject } : {}),
    ...(settings.description !== undefined ? { description: settings.description } : {}),
    ...(settings.accessLevel !== undefined ? { accessLevel: settings.accessLevel } : {}),
    ...(settings.attendees ? { attendees: settings.attendees.map(sipOf) } : {}),
    ...(settings.leaders ? { leaders: settings.leaders.map(sipOf) } : {}),
  };
}

export class MeetingActions {
  constructor(private readonly core: ClientCore) {}

  private view(resource: UcwaResource, etag: string | undefined, fallbackHref: string): MeetingView {
    return { href: resource.href ?? fallbackHref, onlineMeetingUri: readString(resource, 'onlineMeetingUri') ?? '', subject: readString(resource, 'subject') ?? '', etag: etag ?? null, resource };
  }

  /** The onlineMeetings resource; its links (myOnlineMeetings, the defaults, policies…) are remembered. */
  async overview(): Promise<UcwaResource> {
    const resource = resourceOf((await this.core.call('GET', this.core.link('onlineMeetings'))).body, 'onlineMeetings');
    this.core.remember(resource);
    return resource;
  }

  /** Schedules a meeting (POST myOnlineMeetings, 201 with the new myOnlineMeeting). */
  async schedule(settings: MeetingSettings): Promise<MeetingView> {
    const { response, body } = await this.core.call('POST', this.core.link('myOnlineMeetings'), { input: inputOf(settings) });
    const resource = resourceOf(body, 'the new myOnlineMeeting');
    return this.view(resource, response.headers.etag, response.headers.location ?? '');
  }

  /** The user's meetings, as myOnlineMeetings embeds them. */
  async list(): Promise<MeetingView[]> {
    const resource = resourceOf((await this.core.call('GET', this.core.link('myOnlineMeetings'))).body, 'myOnlineMeetings');
    return [...(resource.embedded['myOnlineMeeting'] ?? []), ...(resource.embedded['myAssignedOnlineMeeting'] ?? [])].map((m) => this.view(m, undefined, m.href ?? ''));
  }

  async read(href: string): Promise<MeetingView> {
    const { response, body } = await this.core.call('GET', href);
    return this.view(resourceOf(body, href), response.headers.etag, href);
  }

  /**
   * Updates a meeting (PUT): every settable property of `current` with `changes` over it, sent
   * with `If-Match: current.etag`, so a meeting changed meanwhile is refused rather than overwritten.
   */
  async update(current: MeetingView, changes: MeetingSettings): Promise<MeetingView> {
    const input: Record<string, InputValue> = {};
    for (const name of SETTABLE) {
      const value = current.resource.properties[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') input[name] = value;
      else if (Array.isArray(value)) input[name] = value.filter((item): item is string => typeof item === 'string');
      else if (value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'date') input[name] = value.text;
    }
    Object.assign(input, inputOf(changes));
    const { response, body } = await this.core.call('PUT', current.href, { input, ...(current.etag ? { headers: { 'If-Match': current.etag } } : {}) });
    return this.view(resourceOf(body, current.href), response.headers.etag, current.href);
  }

  async delete(href: string): Promise<void> {
    await this.core.call('DELETE', href);
  }

  /**
   * Joins a meeting (joinOnlineMeeting with its onlineMeetingUri): an onlineMeetingInvitation
   * starts, then the meeting's conversation connects; resolves with the conversation's href.
   */
  join(onlineMeetingUri: string, timeoutMs?: number): Promise<string> {
    return this.enter('joinOnlineMeeting', { onlineMeetingUri }, onlineMeetingUri, timeoutMs);
  }

  /** Starts an ad-hoc meeting and joins it (startOnlineMeeting); resolves with its conversation's href. */
  startAdHoc(subject: string, timeoutMs?: number): Promise<string> {
    return this.enter('startOnlineMeeting', { subject }, `an ad-hoc meeting "${subject}"`, timeoutMs);
  }

  private async enter(rel: 'joinOnlineMeeting' | 'startOnlineMeeting', input: Record<string, InputValue>, what: string, timeoutMs?: number): Promise<string> {
    const { core } = this;
    const { response } = await core.call('POST', core.link(rel), { input: { ...input, operationId: core.nextOperationId() } });
    const invitationHref = response.headers.location;
    if (!invitationHref) throw new UcwaClientError(`${rel} answered without a Location`);
    const path = core.absolute(invitationHref).pathname;
    const invitation = () => core.seen.invitations.get(path) ?? core.seen.invitations.get(invitationHref);
    const href = await core.waitFor(() => invitation()?.conversationHref ?? undefined, `the conversation of meeting invitation ${invitationHref}`, timeoutMs);
    await core.waitFor(() => invitation()?.outcome ?? undefined, `${what} to connect`, timeoutMs);
    if (invitation()?.outcome !== 'Success') throw new UcwaClientError(`joining ${what} ended ${invitation()?.state ?? 'unknown'}`);
    return href;
  }
}
