/**
 * How traffic teaches a session's `HrefIndex`: what one resource and one event say about the hrefs
 * they carry. Derivation and the timeline both learn through these functions, so they attribute
 * every href by the same rule.
 */
import type { UcwaEvent } from '../event.ts';
import type { UcwaResource } from '../resource.ts';
import { hrefKey, hrefPath, isConversationScoped, type HrefIndex, type HrefOwners } from './href-index.ts';

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
  if (resource.rel === 'conversation' && resource.href !== null) return hrefKey(resource.href);
  const link = resource.links['conversation']?.[0]?.href;
  if (link !== undefined) return hrefKey(link);
  return index.get(resource.href)?.conversation ?? inherited;
}

/** The conversation an embedded resource inherits from the resource it sits in. */
export function embeddedConversation(relationship: string, conversation: string | null): string | null {
  return conversation !== null && isConversationScoped(relationship) ? conversation : null;
}

/** What a link says it belongs to besides a conversation: the invitation offering it, or the person it describes. */
function ownersOf(resource: UcwaResource, linkRel: string): HrefOwners {
  const invitation = INVITATION_ACTIONS.has(linkRel);
  if (!invitation && !(PERSON_FACETS.has(linkRel) && resource.rel !== null && PEOPLE.has(resource.rel))) return NO_OWNERS;
  const ownPath = resource.href !== null ? hrefPath(resource.href) : null;
  if (ownPath === null) return NO_OWNERS;
  return invitation ? { invitation: ownPath } : { person: ownPath };
}

/** What one resource (not its embedded ones) teaches: its own href by its type, and each link by its rel. */
export function learnResource(index: HrefIndex, resource: UcwaResource, conversation: string | null, keep: RelFilter = null): void {
  index.learn(resource.href, resource.rel, conversation, true);
  for (const rel in resource.links) {
    if (keep !== null && !keep.has(rel)) continue;
    const scoped = conversation !== null && isConversationScoped(rel) ? conversation : null;
    const owners = ownersOf(resource, rel);
    for (const link of resource.links[rel] ?? []) index.learn(link.href, rel, scoped, false, owners);
  }
}

/**
 * The conversation an event is about: its sender or link when either is a conversation, else what
 * its embedded resources said (`found`), else what the index knows of its link or of what it is in.
 */
export function eventConversation(index: HrefIndex, event: UcwaEvent, found: string | null): string | null {
  return directConversation(event) ?? found ?? index.get(event.link.href)?.conversation ?? index.get(event.in?.href)?.conversation ?? null;
}

/** The conversation an event names itself, as its sender or its link: what its embedded resources inherit. */
export function directConversation(event: UcwaEvent): string | null {
  if (event.sender.rel === 'conversation') return hrefKey(event.sender.href);
  if (event.link.rel === 'conversation') return hrefKey(event.link.href);
  return null;
}

/** What one event's links teach (its embedded resources are learned with `learnResource`). */
export function learnEvent(index: HrefIndex, event: UcwaEvent, conversation: string | null): void {
  const person = !PERSON_FACETS.has(event.link.rel) ? null : event.in?.rel === 'contact' ? hrefPath(event.in.href) : event.sender.rel === 'me' ? hrefPath(event.sender.href) : null;
  index.learn(event.link.href, event.link.rel, conversation !== null && isConversationScoped(event.link.rel) ? conversation : null, false, person !== null ? { person } : NO_OWNERS);
  if (event.in) index.learn(event.in.href, event.in.rel, conversation !== null && isConversationScoped(event.in.rel) ? conversation : null);
  index.learn(event.sender.href, event.sender.rel, event.sender.rel === 'conversation' ? hrefKey(event.sender.href) : null, true);
}
