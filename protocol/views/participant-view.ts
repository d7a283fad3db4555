/**
 * Typed views of a `participant` (also what `localParticipant`, `from` and `acceptedByParticipant`
 * lead to) and of `participantMessaging`, a participant's presence in the IM modality.
 */
import type { UcwaResource } from '../resource.ts';
import { compact, readBoolean, readEnum, readHrefs, readString, resourceView, type Hrefs, type OpenEnum, type ResourceView } from './read-fields.ts';

export const PARTICIPANT_LINKS = [
  'contact',
  'contactPhoto',
  'contactPresence',
  'conversation',
  'me',
  'participantMessaging',
  'participantAudio',
  'participantVideo',
  'participantPanoramicVideo',
  'participantApplicationSharing',
  'participantDataCollaboration',
  'admit',
  'reject',
  'promote',
  'demote',
  'eject',
] as const;

export interface ParticipantView extends ResourceView {
  readonly name?: string;
  /** SIP URI, e.g. `sip:ann@contoso.com`. */
  readonly uri?: string;
  readonly sourceNetwork?: OpenEnum<'SourceNetwork'>;
  readonly role?: OpenEnum<'Role'>;
  readonly anonymous?: boolean;
  readonly organizer?: boolean;
  readonly inLobby?: boolean;
  /** True for the signed-in user's own participant. */
  readonly local?: boolean;
  readonly workPhoneNumber?: string;
  readonly otherPhoneNumber?: string;
  readonly hrefs: Hrefs<(typeof PARTICIPANT_LINKS)[number]>;
}

/** The local participant is a participant; the alias names the role it plays. */
export type LocalParticipantView = ParticipantView;

export function toParticipantView(resource: UcwaResource): ParticipantView {
  return compact({
    ...resourceView(resource),
    name: readString(resource, 'name'),
    uri: readString(resource, 'uri'),
    sourceNetwork: readEnum<'SourceNetwork'>(resource, 'sourceNetwork'),
    role: readEnum<'Role'>(resource, 'role'),
    anonymous: readBoolean(resource, 'anonymous'),
    organizer: readBoolean(resource, 'organizer'),
    inLobby: readBoolean(resource, 'inLobby'),
    local: readBoolean(resource, 'local'),
    workPhoneNumber: readString(resource, 'workPhoneNumber'),
    otherPhoneNumber: readString(resource, 'otherPhoneNumber'),
    hrefs: readHrefs(resource, PARTICIPANT_LINKS),
  });
}

export function toLocalParticipantView(resource: UcwaResource): LocalParticipantView {
  return toParticipantView(resource);
}

export interface ParticipantMessagingView extends ResourceView {
  /** The participant taking part in the IM modality. */
  readonly hrefs: Hrefs<'participant'>;
}

export function toParticipantMessagingView(resource: UcwaResource): ParticipantMessagingView {
  return { ...resourceView(resource), hrefs: readHrefs(resource, ['participant'] as const) };
}
