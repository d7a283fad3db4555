/**
 * What the simulator serves, before it is written as JSON or XML: one resource with its own
 * type, self href, properties, links and embedded resources. Both writers take this one shape,
 * so the two formats always say the same thing.
 */

export interface SimDate {
  readonly kind: 'date';
  readonly epochMs: number;
}

export type SimValue = string | number | boolean | readonly string[] | SimDate;

export interface SimLink {
  readonly rel: string;
  readonly href: string;
  readonly title?: string;
}

export interface SimResource {
  readonly rel: string;
  readonly href: string;
  readonly properties: Readonly<Record<string, SimValue>>;
  readonly links: readonly SimLink[];
  /** Keyed by relationship (`from`, `acceptedByParticipant`); a list renders as an array in JSON. */
  readonly embedded?: Readonly<Record<string, SimResource | readonly SimResource[]>>;
}

export interface SimEvent {
  readonly type: 'added' | 'updated' | 'deleted' | 'started' | 'completed';
  readonly link: SimLink;
  readonly in?: SimLink;
  readonly status?: 'Success' | 'Failure';
  readonly reason?: SimReason;
  /** The resource itself, embedded under its link rel. */
  readonly resource?: SimResource;
}

export interface SimSender {
  readonly rel: string;
  readonly href: string;
  readonly events: readonly SimEvent[];
}

export interface SimEventBatch {
  readonly self: string;
  readonly next?: string;
  readonly resync?: string;
  readonly resume?: string;
  readonly senders: readonly SimSender[];
}

export interface SimReason {
  readonly code: string;
  readonly subcode?: string;
  readonly message: string;
}

export const simDate = (epochMs: number): SimDate => ({ kind: 'date', epochMs });

export function isSimDate(value: SimValue): value is SimDate {
  return typeof value === 'object' && !Array.isArray(value) && (value as SimDate).kind === 'date';
}
