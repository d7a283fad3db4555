/**
 * What a conversation timeline holds (docs/timeline-format.md describes the JSON). Every change
 * names its cause: the exchange that showed it, the event's index in its batch, and whether it
 * came from an event, a GET snapshot, or the client's own request.
 */

export type CauseSource = 'event' | 'snapshot' | 'request';

export interface Cause {
  readonly exchangeId: number;
  readonly seq: number;
  readonly source: CauseSource;
  /** The event's index in its batch, for events. */
  readonly eventIndex?: number;
}

/** One input to the reducer: something the traffic showed at `atMs`. */
export type TimelineInput =
  | {
      readonly kind: 'request';
      readonly atMs: number;
      readonly cause: Cause;
      readonly method: string;
      readonly href: string;
      readonly text?: string;
      readonly html?: boolean;
      readonly operationId?: string;
      /** The input properties the reducer reads (`REQUEST_PROPERTIES`: presence, note, signInAs, subscribed URIs), when the body had any. */
      readonly properties?: Readonly<Record<string, import('../resource.ts').PropertyValue>>;
    }
  | { readonly kind: 'response'; readonly atMs: number; readonly cause: Cause; readonly method: string; readonly href: string; readonly status: number; readonly location?: string; readonly resource?: import('../resource.ts').UcwaResource; readonly errorSubcode?: string }
  | { readonly kind: 'event'; readonly atMs: number; readonly cause: Cause; readonly event: import('../event.ts').UcwaEvent }
  | { readonly kind: 'channel-reset'; readonly atMs: number; readonly cause: Cause; readonly reset: 'resync' | 'resume' };

export interface TimelineChange {
  readonly atMs: number;
  readonly cause: Cause;
  /** What changed: `state`, `subject`, any other property name, `messaging.state`, `link sendMessage`, `participant`, `typing`, `message`, `invitation`, `reset`… */
  readonly what: string;
  readonly from?: unknown;
  readonly to?: unknown;
  /** A sentence-sized description for the text form. */
  readonly detail?: string;
}

export interface TimelineParticipant {
  readonly href: string;
  uri: string | null;
  name: string | null;
  local: boolean;
  joinedAtMs: number | null;
  leftAtMs: number | null;
  messagingJoinedAtMs: number | null;
  messagingLeftAtMs: number | null;
}

export interface TypingInterval {
  readonly who: string;
  readonly fromMs: number;
  toMs: number | null;
  readonly cause: Cause;
}

export interface TimelineMessage {
  href: string | null;
  readonly atMs: number;
  readonly direction: 'Incoming' | 'Outgoing';
  from: string | null;
  fromName: string | null;
  text: string | null;
  html: boolean;
  status: string | null;
  /** The sendMessage request that produced an outgoing message. */
  sentBy: Cause | null;
  cause: Cause;
  /** The server's `timeStamp` for the message, epoch ms, when it sent one (`atMs` is when the client saw it). */
  timeStampMs: number | null;
  /** The invitation whose `message` link carried this first message, when that is where it came from. */
  invitation: string | null;
}

export interface TimelineInvitation {
  readonly href: string;
  direction: 'Incoming' | 'Outgoing' | null;
  /** The inviter's SIP URI (`_embedded.from`), else the from link's title. */
  from: string | null;
  /** The inviter's display name, else the user part of the SIP URI. */
  fromName: string | null;
  /** The `to` property, else the `to` link's title or href. */
  to: string | null;
  subject: string | null;
  /** The first message the invitation carried in its `message` data: link. */
  message: string | null;
  state: string | null;
  operationId: string | null;
  outcome: { readonly status: string; readonly reason?: string; readonly atMs: number; readonly cause: Cause } | null;
  readonly actions: { readonly action: 'accept' | 'decline' | 'cancel'; readonly atMs: number; readonly cause: Cause }[];
}

/** The online meeting a conversation is (its `onlineMeeting`), from when the user was in it until they left. */
export interface TimelineMeeting {
  /** `onlineMeetingUri`, the address joinOnlineMeeting takes. */
  uri: string | null;
  subject: string | null;
  joinUrl: string | null;
  organizer: string | null;
  readonly joinedAtMs: number;
  readonly cause: Cause;
  /** When the conversation ended (the user left, or the meeting ended for them); null while in it. */
  leftAtMs: number | null;
  leftCause: Cause | null;
}

export interface ConversationTimeline {
  /** Sequential within the session; a deleted conversation whose href comes back gets a new key. */
  readonly key: number;
  readonly href: string;
  threadId: string | null;
  subject: string | null;
  direction: 'Incoming' | 'Outgoing' | null;
  readonly firstSeenAtMs: number;
  /** How the timeline learned of it: `added` (an event), or something else that mentioned it first. */
  firstSeenBy: string;
  endedAtMs: number | null;
  /** Current property values (the latest seen). */
  readonly properties: Record<string, unknown>;
  messagingState: string | null;
  negotiatedMessageFormats: string[] | null;
  /** Messaging action links available now. */
  readonly actions: Set<string>;
  readonly participants: TimelineParticipant[];
  readonly typing: TypingInterval[];
  readonly messages: TimelineMessage[];
  readonly invitations: TimelineInvitation[];
  readonly changes: TimelineChange[];
  /** Present only for a conversation that is an online meeting. */
  meeting?: TimelineMeeting;
}

/** A stretch of one availability (`Online`, `Away`, `Busy`… as the reference's Availability values). */
export interface PresenceBand {
  readonly availability: string;
  /** The activity the band started with (`Available`, `Away`, `in-a-meeting`…), when known. */
  readonly activity: string | null;
  readonly fromMs: number;
  /** When the next band started; null while it lasts. */
  toMs: number | null;
  readonly cause: Cause;
}

export interface PresenceNote {
  readonly atMs: number;
  readonly cause: Cause;
  /** The note's text; null or empty when it was cleared. */
  readonly message: string | null;
  /** `Personal` or `OutOfOffice` (NoteType), when the note said. */
  readonly type: string | null;
}

/** What the session saw of one person's presence: the user (`me`) or a contact. */
export interface PresenceLane {
  /** Sequential within the session; `me` has its own lane. */
  readonly key: number;
  readonly me: boolean;
  /** The person's href (the `me` resource, or the contact); null while only a subscription's SIP URI names them. */
  href: string | null;
  uri: string | null;
  name: string | null;
  firstSeenAtMs: number;
  /** When a presence subscription took the contact in (the client's request, once answered). */
  subscribedAtMs: number | null;
  unsubscribedAtMs: number | null;
  /** Latest values. */
  availability: string | null;
  activity: string | null;
  note: string | null;
  readonly bands: PresenceBand[];
  readonly notes: PresenceNote[];
  readonly changes: TimelineChange[];
}

export interface SessionTimeline {
  readonly conversations: ConversationTimeline[];
  /** Presence lanes: `me` first, then each contact in the order the session first saw them. */
  readonly presence: PresenceLane[];
  readonly missedItems: { readonly atMs: number; readonly cause: Cause; readonly counts: Readonly<Record<string, number>> }[];
  /**
   * `creation-not-recorded`: events arrived before the session recorded any application being
   * created (the client created it around the proxy, or before recording started); `detail` says so.
   */
  readonly application: { readonly atMs: number; readonly cause: Cause; readonly what: 'created' | 'made-available' | 'expired' | 'deleted' | 'not-found' | 'creation-not-recorded'; readonly detail?: string }[];
  readonly resets: { readonly atMs: number; readonly cause: Cause; readonly kind: 'resync' | 'resume' }[];
}
