/**
 * Event-channel types: one response to `events?ack=N` becomes an `EventBatch`, an ordered
 * list of `UcwaEvent`s with the links that continue the channel.
 */
import type { PropertyValue, UcwaLink, UcwaResource } from './resource.ts';
import type { UcwaError } from './ucwa-error.ts';

/** `added | updated | deleted` for resources, `started | updated | completed` for operations; any other value is kept as sent. */
export type UcwaEventType = 'added' | 'updated' | 'deleted' | 'started' | 'completed' | (string & {});

/** A channel link (`self`, `next`, `resync`, `resume`) with the ack it carries, when its query has one. */
export interface ChannelLink {
  readonly href: string;
  /** The `ack` query parameter as a number, or null when missing or not numeric. */
  readonly ack: number | null;
}

export interface EventSender {
  readonly rel: string;
  readonly href: string;
}

export interface UcwaEvent {
  /** Position in the batch, 0-based, across all senders in wire order. */
  readonly index: number;
  readonly sender: EventSender;
  readonly type: UcwaEventType;
  /** The resource the event is about. */
  readonly link: UcwaLink;
  /** The collection the target joined or left (e.g. `typingParticipants`, a `participant` for `participantMessaging`). */
  readonly in?: UcwaLink;
  /** Operation outcome on `completed` events, e.g. `Success` or `Failure`. */
  readonly status?: string;
  /** Why an operation failed or a resource changed, in the common error shape. */
  readonly reason?: UcwaError;
  /** Resources delivered with the event, keyed by relationship (usually `link.rel`). */
  readonly embedded: Readonly<Record<string, readonly UcwaResource[]>>;
  /** Any other field the event carried, kept so nothing is dropped. */
  readonly extra?: Readonly<Record<string, PropertyValue>>;
}

export interface EventBatch {
  readonly self: ChannelLink | null;
  readonly next: ChannelLink | null;
  /** Present when the server lost the client's place: follow it and drop cached transient state. */
  readonly resync: ChannelLink | null;
  /** Present after a long gap: use like `next`; transient state was reset. */
  readonly resume: ChannelLink | null;
  /** Senders in wire order; a sender may repeat to keep ordering. */
  readonly senders: readonly (EventSender & { readonly events: readonly UcwaEvent[] })[];
  /** Every event in wire order (the senders' events flattened). */
  readonly events: readonly UcwaEvent[];
}
