/** The reducer's state: the session timeline being built plus the indexes that tie hrefs to rels and conversations. */
import { HrefIndex, hrefPath } from '../derive/href-index.ts';
import type { PendingPresenceRequest } from './apply-presence.ts';
import { emptyPresenceState, type PresenceState } from './presence-lanes.ts';
import type { Cause, ConversationTimeline, SessionTimeline, TimelineInput, TimelineInvitation, TypingInterval } from './timeline-types.ts';

export interface PendingSend {
  readonly conversationKey: number;
  readonly text: string;
  readonly html: boolean;
  readonly cause: Cause;
  readonly atMs: number;
  location: string | null;
  matched: boolean;
}

export interface TimelineState {
  readonly timeline: SessionTimeline;
  /** What the folded traffic taught of its hrefs (rel, conversation, invitation, person), by derivation's rule. */
  readonly hrefs: HrefIndex;
  /** Conversation href → its current (latest) timeline. */
  readonly conversations: Map<string, ConversationTimeline>;
  readonly invitations: Map<string, { readonly conversationHref: string | null; readonly invitation: TimelineInvitation; announced: boolean }>;
  readonly localParticipants: Set<string>;
  readonly openTyping: Map<string, TypingInterval>;
  /** sendMessage requests not yet matched to their message, by conversation key. */
  readonly pendingSends: Map<number, PendingSend[]>;
  /** The same requests by the exchange that carried them, to attach the 201's Location. */
  readonly sendsByExchange: Map<number, PendingSend>;
  /**
   * How a sendMessage href ends after its conversation's href: `/messaging/messages` until a
   * sendMessage link teaches otherwise. A client that builds the URL itself POSTs to it before any
   * sendMessage link was seen.
   */
  readonly sendMessageTails: Set<string>;
  readonly presence: PresenceState;
  /** Presence-changing requests (makeMeAvailable, presence and note POSTs, subscriptions) waiting for their answer, by exchange. */
  readonly pendingPresence: Map<number, PendingPresenceRequest>;
  /**
   * POSTs to hrefs nothing had offered yet, stamped to the whole millisecond, held until that
   * millisecond is over: the answer the client acted on may sort just after them (see reduce-timeline.ts).
   */
  readonly heldRequests: Extract<TimelineInput, { kind: 'request' }>[];
  nextKey: number;
}

export function emptyTimelineState(): TimelineState {
  return {
    timeline: { conversations: [], presence: [], missedItems: [], application: [], resets: [] },
    hrefs: new HrefIndex([], false),
    conversations: new Map(),
    invitations: new Map(),
    localParticipants: new Set(),
    openTyping: new Map(),
    pendingSends: new Map(),
    sendsByExchange: new Map(),
    sendMessageTails: new Set(['/messaging/messages']),
    presence: emptyPresenceState(),
    pendingPresence: new Map(),
    heldRequests: [],
    nextKey: 1,
  };
}

/**
 * Hrefs compare by path: absolute and relative forms of one resource are one resource; query
 * parameters (operationId, ack) are not identity. The same identity derivation's href index uses.
 */
export function pathOf(href: string): string {
  return hrefPath(href) ?? href;
}

/** `pathOf`, sparing the href's scans when the fold's href index holds it as it is. */
export function pathIn(state: TimelineState, href: string): string {
  return state.hrefs.pathOf(href) ?? href;
}

export function newConversation(state: TimelineState, href: string, atMs: number, firstSeenBy: string): ConversationTimeline {
  const conv: ConversationTimeline = {
    key: state.nextKey++,
    href,
    threadId: null,
    subject: null,
    direction: null,
    firstSeenAtMs: atMs,
    firstSeenBy,
    endedAtMs: null,
    properties: {},
    messagingState: null,
    negotiatedMessageFormats: null,
    actions: new Set(),
    participants: [],
    typing: [],
    messages: [],
    invitations: [],
    changes: [],
  };
  state.conversations.set(href, conv);
  state.timeline.conversations.push(conv);
  return conv;
}

/** The conversation at `href`, created when the traffic mentions one it never showed being added. */
export function conversationAt(state: TimelineState, href: string, atMs: number, mentionedBy: string): ConversationTimeline {
  return state.conversations.get(href) ?? newConversation(state, href, atMs, mentionedBy);
}
