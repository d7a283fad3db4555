/**
 * How traffic teaches a session's `HrefIndex`: what one resource and one event say about the hrefs
 * they carry. Derivation and the timeline both learn through these functions, so they attribute
 * every href by the same rule.
 */
import type { UcwaEvent } from '../event.ts';
import type { UcwaResource } from '../resource.ts';
import { hrefKey, isConversationScoped, type HrefIndex, type HrefOwners } from './href-index.ts';

/** Links that act on the invitation offering them (MessagingInvitation's and AudioVideoInvitation's Links tables). */
const INVITATION_ACTIONS: ReadonlySet<string> = new Set(['accept', 'decline', 'cancel']);
/** Links of `me` and of a contact that describe that person (me's and contact's Links tables). */
const PERSON_FACETS: ReadonlySet<string> = new Set(['presence', 'note', 'location', 'contactPresence', 'contactNote', 'contactLocation']);
const PEOPLE: ReadonlySet<string> = new Set(['me', 'contact']);
const NO_OWNERS: HrefOwners = {};

/** Which links to learn from: every one (derivation), or only the rels a reader keeps (the timeline's stored inputs keep no others). */
export type RelFilter = ReadonlySet<string> | null;

/** A conversation is itself; anything else says so by a `conversation` link, by what the index knows of it, or by where it sits. */
export function resourceConversation(index: HrefIndex, resource: UcwaResource, inherited: string | null): string | null {
  if (resource.rel === 'conversation' && resource.href !== null) return index.keyOf(resource.href);
  const link = resource.links['conversation']?.[0]?.href;
  if (link !== undefined) return index.keyOf(link);
  return index.get(resource.href)?.conversation ?? inherited;
}

/** The conversation an embedded resource inherits from the resource it sits in. */
export function embeddedConversation(relationship: string, conversation: string | null): string | null {
  return conversation !== null && isConversationScoped(relationship) ? conversation : null;
}

/** What a link rel says of the hrefs it carries, as bits: the three questions each link asks of its rel. */
const SCOPED = 1;
const ACTS_ON_INVITATION = 2;
const PERSON_FACET = 4;

/** Rel → its bits; rels come from traffic, so only a bounded number are remembered. */
const relKinds = new Map<string, number>();

function relKind(rel: string): number {
  let kind = relKinds.get(rel);
  if (kind === undefined) {
    kind = (isConversationScoped(rel) ? SCOPED : 0) | (INVITATION_ACTIONS.has(rel) ? ACTS_ON_INVITATION : 0) | (PERSON_FACETS.has(rel) ? PERSON_FACET : 0);
    if (relKinds.size < 1024) relKinds.set(rel, kind);
  }
  return kind;
}

/** What a link says it belongs to besides a conversation: the invitation offering it, or the person it describes. */
function ownersOf(index: HrefIndex, resource: UcwaResource, kind: number): HrefOwners {
  const invitation = (kind & ACTS_ON_INVITATION) !== 0;
  if (!invitation && !((kind & PERSON_FACET) !== 0 && resource.rel !== null && PEOPLE.has(resource.rel))) return NO_OWNERS;
  const ownPath = resource.href !== null ? index.pathOf(resource.href) : null;
  if (ownPath === null) return NO_OWNERS;
  return invitation ? { invitation: ownPath } : { person: ownPath };
}

/** What one resource (not its embedded ones) teaches: its own href by its type, and each link by its rel. */
export function learnResource(index: HrefIndex, resource: UcwaResource, conversation: string | null, keep: RelFilter = null): void {
  index.learn(resource.href, resource.rel, conversation, true);
  const links = resource.links;
  for (const rel in links) {
    if (keep !== null && !keep.has(rel)) continue;
    const list = links[rel];
    if (list === undefined) continue;
    const kind = relKind(rel);
    const scoped = conversation !== null && (kind & SCOPED) !== 0 ? conversation : null;
    const owners = (kind & (ACTS_ON_INVITATION | PERSON_FACET)) === 0 ? NO_OWNERS : ownersOf(index, resource, kind);
    for (const link of list) index.learn(link.href, rel, scoped, false, owners);
  }
}

/**
 * The conversation an event is about: its sender or link when either is a conversation, else what
 * its embedded resources said (`found`), else what the index knows of its link or of what it is in.
 */
export function eventConversation(index: HrefIndex, event: UcwaEvent, found: string | null): string | null {
  return directConversation(event, index) ?? found ?? index.get(event.link.href)?.conversation ?? index.get(event.in?.href)?.conversation ?? null;
}

/** The conversation an event names itself, as its sender or its link: what its embedded resources inherit. Given the index, it spares hrefKey on hrefs it holds. */
export function directConversation(event: UcwaEvent, index?: HrefIndex): string | null {
  if (event.sender.rel === 'conversation') return index ? index.keyOf(event.sender.href) : hrefKey(event.sender.href);
  if (event.link.rel === 'conversation') return index ? index.keyOf(event.link.href) : hrefKey(event.link.href);
  return null;
}

/** What one event's links teach (its embedded resources are learned with `learnResource`). */
export function learnEvent(index: HrefIndex, event: UcwaEvent, conversation: string | null): void {
  const person = !PERSON_FACETS.has(event.link.rel) ? null : event.in?.rel === 'contact' ? index.pathOf(event.in.href) : event.sender.rel === 'me' ? index.pathOf(event.sender.href) : null;
  index.learn(event.link.href, event.link.rel, conversation !== null && isConversationScoped(event.link.rel) ? conversation : null, false, person !== null ? { person } : NO_OWNERS);
  if (event.in) index.learn(event.in.href, event.in.rel, conversation !== null && isConversationScoped(event.in.rel) ? conversation : null);
  index.learn(event.sender.href, event.sender.rel, event.sender.rel === 'conversation' ? index.keyOf(event.sender.href) : null, true);
}
