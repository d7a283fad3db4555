/** Typed view of a `messagingInvitation`: the operation that starts or offers an IM conversation. */
import type { UcwaResource } from '../resource.ts';
import {
  compact,
  readDataContent,
  readEnum,
  readHrefs,
  readLink,
  readLinks,
  readString,
  resourceView,
  type DataContent,
  type Hrefs,
  type OpenEnum,
  type ResourceView,
} from './read-fields.ts';

export const MESSAGING_INVITATION_LINKS = [
  'accept',
  'decline',
  'cancel',
  'conversation',
  'messaging',
  'derivedMessaging',
  'from',
  'to',
  'acceptedByContact',
  'onBehalfOf',
] as const;

/** A participant an invitation names, embedded in full or only linked. */
export interface InvitationParticipant {
  readonly href?: string;
  /** The link's title: the display name when the participant is only linked. */
  readonly title?: string;
  readonly name?: string;
  readonly uri?: string;
}

export interface MessagingInvitationView extends ResourceView {
  readonly direction?: OpenEnum<'Direction'>;
  readonly state?: OpenEnum<'InvitationState'>;
  readonly importance?: OpenEnum<'Importance'>;
  readonly subject?: string;
  readonly threadId?: string;
  /** The client's id for the operation, echoed in its events. */
  readonly operationId?: string;
  /** The invitee's SIP URI as the `to` property carries it (the `to` link is in `hrefs`). */
  readonly to?: string;
  readonly from?: InvitationParticipant;
  readonly acceptedByParticipant: readonly InvitationParticipant[];
  /** The first IM, carried as a `data:` URI in the `message` link. */
  readonly message?: DataContent;
  /** Why `message` could not be decoded, when it could not. */
  readonly messageProblem?: string;
  /** `accept`/`decline` disappear once answered, `cancel` once connected. */
  readonly hrefs: Hrefs<(typeof MESSAGING_INVITATION_LINKS)[number]>;
}

function participantFrom(resource: UcwaResource, link: { href: string; title?: string } | undefined): InvitationParticipant {
  return compact({
    href: resource.href ?? link?.href,
    title: link?.title,
    name: readString(resource, 'name'),
    uri: readString(resource, 'uri'),
  });
}

function readFrom(resource: UcwaResource): InvitationParticipant | undefined {
  const link = readLink(resource, 'from');
  const embedded = resource.embedded['from']?.[0];
  if (embedded) return participantFrom(embedded, link);
  return link;
}

function readAcceptedBy(resource: UcwaResource): InvitationParticipant[] {
  const links = readLinks(resource, 'acceptedByParticipant');
  const embedded = (resource.embedded['acceptedByParticipant'] ?? []).map((p) =>
    participantFrom(p, links.find((l) => l.href === p.href)),
  );
  const embeddedHrefs = new Set(embedded.map((p) => p.href));
  return [...embedded, ...links.filter((l) => !embeddedHrefs.has(l.href))];
}

export function toMessagingInvitationView(resource: UcwaResource): MessagingInvitationView {
  const message = readDataContent(resource, 'message');
  return compact({
    ...resourceView(resource),
    direction: readEnum<'Direction'>(resource, 'direction'),
    state: readEnum<'InvitationState'>(resource, 'state'),
    importance: readEnum<'Importance'>(resource, 'importance'),
    subject: readString(resource, 'subject'),
    threadId: readString(resource, 'threadId'),
    operationId: readString(resource, 'operationId'),
    to: readString(resource, 'to'),
    from: readFrom(resource),
    acceptedByParticipant: readAcceptedBy(resource),
    message: message?.ok ? message.content : undefined,
    messageProblem: message && !message.ok ? message.problem : undefined,
    hrefs: readHrefs(resource, MESSAGING_INVITATION_LINKS),
  });
}
