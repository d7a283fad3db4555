/**
 * What a session has taught derivation about its hrefs: the rel that links to each one and the
 * conversation it belongs to. UCWA servers choose their own URL shapes, so a request is
 * attributed by looking its URL up here (learned from earlier responses), never by parsing it.
 */

export interface HrefFacts {
  /** The rel of a link that pointed here (or the resource's own type, which wins). */
  readonly rel: string | null;
  /** Normalized href of the conversation this href belongs to. */
  readonly conversation: string | null;
}

/** Rels whose targets live outside any one conversation (people, the application, the channel). */
const GLOBAL_RELS = new Set([
  'self',
  'me',
  'people',
  'person',
  'photo',
  'presence',
  'note',
  'location',
  'phones',
  'communication',
  'application',
  'applications',
  'events',
  'next',
  'resync',
  'resume',
  'batch',
  'policies',
  'to',
  'acceptedByContact',
  'onBehalfOf',
  'conversations',
  'conversationLogs',
  'missedItems',
  'myContacts',
  'myGroups',
  'search',
  'user',
  'xframe',
  'redirect',
]);

/** Whether a link with this rel, on a resource inside a conversation, points inside that conversation too. */
export function isConversationScoped(rel: string): boolean {
  return !GLOBAL_RELS.has(rel) && !rel.startsWith('contact') && !rel.startsWith('my');
}

/**
 * The comparable form of an href: absolute URLs lose scheme and host (events carry absolute
 * hrefs, resources mostly relative ones), fragments go. `data:` URIs are content, not places: null.
 */
export function hrefKey(href: string): string | null {
  if (/^data:/i.test(href)) return null;
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(href);
  let rest = origin ? href.slice(origin[0].length) : href;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  return rest === '' ? '/' : rest;
}

function pathOf(key: string): string {
  const query = key.indexOf('?');
  return query < 0 ? key : key.slice(0, query);
}

export class HrefIndex {
  private readonly facts = new Map<string, HrefFacts>();
  private readonly dirty = new Set<string>();

  constructor(known: Iterable<readonly [string, HrefFacts]> = []) {
    for (const [href, facts] of known) this.facts.set(href, facts);
  }

  /** What is known of an href; an href with a query the index never saw (a client-added `operationId`) falls back to its path. */
  get(href: string | null | undefined): HrefFacts | undefined {
    if (href === null || href === undefined) return undefined;
    const key = hrefKey(href);
    if (key === null) return undefined;
    return this.facts.get(key) ?? this.facts.get(pathOf(key));
  }

  /**
   * Records what one sighting says. A resource's own type replaces a link rel (`localParticipant`
   * → `participant`); otherwise the first rel seen stays. A conversation, once known, stays.
   */
  learn(href: string | null | undefined, rel: string | null, conversation: string | null, relIsType = false): void {
    if (href === null || href === undefined) return;
    const key = hrefKey(href);
    if (key === null) return;
    this.record(key, rel, conversation, relIsType);
    const path = pathOf(key);
    if (path !== key) this.record(path, rel, conversation, false);
  }

  private record(key: string, rel: string | null, conversation: string | null, relIsType: boolean): void {
    const old = this.facts.get(key);
    const nextRel = old?.rel == null || (relIsType && rel !== null) ? (rel ?? old?.rel ?? null) : old.rel;
    const nextConversation = old?.conversation ?? conversation;
    if (old && old.rel === nextRel && old.conversation === nextConversation) return;
    this.facts.set(key, { rel: nextRel, conversation: nextConversation });
    this.dirty.add(key);
  }

  /** Entries changed since the last call, for persisting. */
  takeChanges(): [string, HrefFacts][] {
    const changes = [...this.dirty].map((key): [string, HrefFacts] => [key, this.facts.get(key) as HrefFacts]);
    this.dirty.clear();
    return changes;
  }
}
