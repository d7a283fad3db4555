/**
 * What a session has taught derivation about its hrefs: the rel that links to each one and the
 * conversation it belongs to. UCWA servers choose their own URL shapes, so a request is
 * attributed by looking its URL up here (learned from earlier responses), never by parsing it.
 */
import { eventsSentBy } from '../catalog/catalog.ts';

export interface HrefFacts {
  /** The rel of a link that pointed here (or the resource's own type, which wins). */
  readonly rel: string | null;
  /** Normalized href of the conversation this href belongs to. */
  readonly conversation: string | null;
  /** An action link (`accept`, `decline`, `cancel`): the path of the invitation it acts on. Not persisted. */
  readonly invitation?: string;
  /** A person's presence, note or location: the path of the person (`me` or a contact) it describes. Not persisted. */
  readonly person?: string;
}

/** What a sighting says an href belongs to besides its conversation. */
export interface HrefOwners {
  readonly invitation?: string | null;
  readonly person?: string | null;
}

const NO_OWNERS: HrefOwners = {};

/**
 * The senders whose events are about things outside any one conversation (the user, people and
 * their groups, policies): the catalogue's Events tables name which rels each sends.
 */
const GLOBAL_SENDERS = ['me', 'people', 'policies'];

/**
 * Rels that live outside any one conversation which the catalogue's Events tables do not cover:
 * the application and its entry points, the event channel's links, people reached from inside a
 * conversation (`to`, `acceptedByContact`, `onBehalfOf`), and `communication`, whose events also
 * announce conversations and invitations.
 */
const UNEVENTFUL_GLOBAL_RELS = [
  'self', 'me', 'people', 'person', 'photo', 'communication', 'application', 'applications', 'events', 'next', 'resync', 'resume', 'batch',
  'to', 'acceptedByContact', 'onBehalfOf', 'conversations', 'conversationLogs', 'missedItems', 'search', 'user', 'xframe', 'redirect', 'phones',
  // A meeting's conversation links the user's dial-in information, which is the same for all their meetings.
  'onlineMeetings', 'joinOnlineMeeting', 'startOnlineMeeting', 'phoneDialInInformation', 'onlineMeetingDefaultValues', 'onlineMeetingEligibleValues', 'onlineMeetingPolicies',
];

const GLOBAL_RELS: ReadonlySet<string> = new Set([...GLOBAL_SENDERS.flatMap((sender) => eventsSentBy(sender).map((event) => event.resource)), ...GLOBAL_SENDERS, ...UNEVENTFUL_GLOBAL_RELS]);

/**
 * Whether a link with this rel, on a resource inside a conversation, points inside that
 * conversation too. The one rule: derivation and the timeline both attribute hrefs by it.
 */
export function isConversationScoped(rel: string): boolean {
  return !GLOBAL_RELS.has(rel) && !rel.startsWith('contact') && !rel.startsWith('my');
}

/**
 * The comparable form of an href: absolute URLs lose scheme and host (events carry absolute
 * hrefs, resources mostly relative ones), fragments go, `//` in the path is one `/`. `data:` URIs are content, not places: null.
 */
export function hrefKey(href: string): string | null {
  if (isPlainPath(href)) return href;
  if (/^data:/i.test(href)) return null;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(href);
  let rest = origin ? href.slice(origin[0].length) : href;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  // Servers collapse `//` in the path (IIS does): a client that builds root + href asks for the linked resource.
  if (rest.includes('//')) rest = collapseSlashes(rest);
  return rest === '' ? '/' : rest;
}

/** Most hrefs are server-relative paths already in comparable form: answered without a regex. */
function isPlainPath(href: string): boolean {
  return href.charCodeAt(0) === 47 && href.charCodeAt(1) !== 47 && !href.includes('#') && !href.includes('//');
}

function collapseSlashes(rest: string): string {
  const query = rest.indexOf('?');
  return query < 0 ? rest.replace(/\/{2,}/g, '/') : rest.slice(0, query).replace(/\/{2,}/g, '/') + rest.slice(query);
}

function pathOf(key: string): string {
  const query = key.indexOf('?');
  return query < 0 ? key : key.slice(0, query);
}

/** The identity of the resource an href addresses: its comparable form without the query (`operationId`, `ack` are not identity); null for `data:` URIs. */
export function hrefPath(href: string): string | null {
  const key = hrefKey(href);
  return key === null ? null : pathOf(key);
}

function withOwners(facts: { rel: string | null; conversation: string | null; invitation?: string; person?: string }, invitation: string | null | undefined, person: string | null | undefined): HrefFacts {
  if (invitation != null) facts.invitation = invitation;
  if (person != null) facts.person = person;
  return facts;
}

export class HrefIndex {
  private readonly facts = new Map<string, HrefFacts>();
  private readonly dirty = new Set<string>();
  /**
   * The two hrefs last looked up or recorded, and their facts, the latest first: an event names its
   * link and its conversation several times over, in turn with other hrefs, and comparing two
   * strings is cheaper than a lookup in a big Map.
   */
  #key0: string | null = null;
  #facts0: HrefFacts | undefined = undefined;
  #key1: string | null = null;
  #facts1: HrefFacts | undefined = undefined;
  /** How many keys hrefKey would not give back unchanged: none, almost always. */
  #oddKeys = 0;

  /** `trackChanges: false` for an index nobody persists (a timeline's fold). */
  constructor(known: Iterable<readonly [string, HrefFacts]> = [], private readonly trackChanges = true) {
    for (const [href, facts] of known) {
      if (!this.facts.has(href)) this.noteKey(href);
      this.facts.set(href, facts);
    }
  }

  /** Counts a new key that is not its own comparable form (`''`, the path of `?x`; one stored by an older rule): while any is held, lookups take hrefKey first. */
  private noteKey(key: string, plain = false): void {
    if (!plain && !isPlainPath(key) && hrefKey(key) !== key) this.#oddKeys++;
  }

  /** What is known of an href; an href with a query the index never saw (a client-added `operationId`) falls back to its path. */
  get(href: string | null | undefined): HrefFacts | undefined {
    if (href === null || href === undefined) return undefined;
    const direct = this.held(href);
    // Every key is its own comparable form, so an href found as it is needs no hrefKey (which scans it twice).
    if (direct !== undefined) return direct;
    const key = hrefKey(href);
    if (key === null) return undefined;
    const found = this.factsOf(key);
    if (found !== undefined) return found;
    const path = pathOf(key);
    return path === key ? undefined : this.factsOf(path);
  }

  /** `hrefKey(href)`, without its scans when the index holds the href as it is (every key is its own comparable form). */
  keyOf(href: string): string | null {
    return this.held(href) !== undefined ? href : hrefKey(href);
  }

  /** The facts of an href held as it is, while every key is its own comparable form; most keys are paths, so only a path is looked up (not a long data: URI). */
  private held(href: string): HrefFacts | undefined {
    return this.#oddKeys === 0 && href.charCodeAt(0) === 47 ? this.factsOf(href) : undefined;
  }

  /** `hrefPath(href)`, the same way. */
  pathOf(href: string): string | null {
    const key = this.keyOf(href);
    return key === null ? null : pathOf(key);
  }

  private factsOf(key: string): HrefFacts | undefined {
    if (key === this.#key0) return this.#facts0;
    const found = key === this.#key1 ? this.#facts1 : this.facts.get(key);
    this.#key1 = this.#key0;
    this.#facts1 = this.#facts0;
    this.#key0 = key;
    this.#facts0 = found;
    return found;
  }

  private setFacts(key: string, facts: HrefFacts): void {
    this.facts.set(key, facts);
    if (key !== this.#key0) {
      this.#key1 = this.#key0;
      this.#facts1 = this.#facts0;
      this.#key0 = key;
    }
    this.#facts0 = facts;
  }

  /**
   * Records what one sighting says. A resource's own type replaces a link rel (`localParticipant`
   * → `participant`); otherwise the first rel seen stays. A conversation, once known, stays; so
   * does a person. The invitation an action link acts on is the latest one that offered it.
   */
  learn(href: string | null | undefined, rel: string | null, conversation: string | null, relIsType = false, owners: HrefOwners = NO_OWNERS): void {
    if (href === null || href === undefined) return;
    // An href the index holds as it is, or one already in comparable form, needs no regex (see get).
    const plain = this.held(href) !== undefined || isPlainPath(href);
    const key = plain ? href : hrefKey(href);
    if (key === null) return;
    this.record(key, rel, conversation, relIsType, owners, plain);
    const path = pathOf(key);
    if (path !== key) this.record(path, rel, conversation, false, owners, false);
  }

  /** `plain`: the key is known to be its own comparable form. */
  private record(key: string, rel: string | null, conversation: string | null, relIsType: boolean, owners: HrefOwners, plain: boolean): void {
    const old = this.factsOf(key);
    if (old === undefined) {
      this.noteKey(key, plain);
      this.setFacts(key, withOwners({ rel, conversation }, owners.invitation, owners.person));
      if (this.trackChanges) this.dirty.add(key);
      return;
    }
    const nextRel = old.rel === null || (relIsType && rel !== null) ? (rel ?? old.rel) : old.rel;
    const nextConversation = old.conversation ?? conversation;
    const invitation = owners.invitation ?? old.invitation;
    const person = old.person ?? owners.person ?? undefined;
    const persisted = old.rel === nextRel && old.conversation === nextConversation;
    if (persisted && old.invitation === invitation && old.person === person) return;
    this.setFacts(key, withOwners({ rel: nextRel, conversation: nextConversation }, invitation, person));
    // Only rel and conversation are persisted: an owner alone is no change to save.
    if (this.trackChanges && !persisted) this.dirty.add(key);
  }

  /**
   * Every href known, in its comparable form, with what is known of it: the index's own Map, not a
   * copy (a checkpoint walks a big one a slice at a time), so read it while the index does not change.
   */
  known(): ReadonlyMap<string, HrefFacts> {
    return this.facts;
  }

  /** Entries changed since the last call, for persisting. */
  takeChanges(): [string, HrefFacts][] {
    const changes = [...this.dirty].map((key): [string, HrefFacts] => [key, this.facts.get(key) as HrefFacts]);
    this.dirty.clear();
    return changes;
  }
}
