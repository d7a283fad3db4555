/**
 * What `diff` finds between two sessions: the findings, each naming the exchanges on both sides,
 * and the counts a summary line shows. Plain data, so `--json` prints it as it is and the
 * inspector serves it as it is (replay/drift computes it; here so the app can name it).
 */

/** One exchange of one side, as a finding names it. */
export interface ExchangeRef {
  readonly id: number;
  readonly seq: number;
  /** `POST /ucwa/…/messagingInvitations`, with the rel the href came from when the session knows it. */
  readonly request: string;
}

export type FieldChangeKind = 'added' | 'removed' | 'changed';

/** One difference inside a body, in the decoded model: a property, a link rel, or the kind of body. */
export interface FieldChange {
  readonly change: FieldChangeKind;
  /** `property state`, `link sendMessage`, `embedded participant[0] property name`, `body kind`… */
  readonly field: string;
  /** The value in A (null when added); values are shown as JSON text. */
  readonly a: string | null;
  /** The value in B (null when removed). */
  readonly b: string | null;
}

/** One event in a conversation's sequence: what it says and the event-channel exchange that delivered it. */
export interface EventStep {
  /** `added participant`, `completed messagingInvitation Failure`, `added message in messaging`. */
  readonly text: string;
  /** The rel of the sender that reported it (`conversation`, `communication`, `me`…). */
  readonly sender: string;
  readonly exchangeId: number;
}

/** A conversation by its place in the session (1 for the first one seen), with its href on each side. */
export interface ConversationPlace {
  /** 1-based; 0 for events that belong to no conversation. */
  readonly place: number;
  readonly hrefA: string | null;
  readonly hrefB: string | null;
}

export type DriftFinding =
  | { readonly kind: 'only-in-a'; readonly a: ExchangeRef }
  | { readonly kind: 'only-in-b'; readonly b: ExchangeRef }
  /** The same request in spirit (method and target) whose query or body differ. */
  | { readonly kind: 'request-changed'; readonly a: ExchangeRef; readonly b: ExchangeRef; readonly differences: readonly string[] }
  | { readonly kind: 'status'; readonly a: ExchangeRef; readonly b: ExchangeRef; readonly statusA: number | null; readonly statusB: number | null }
  | { readonly kind: 'body'; readonly a: ExchangeRef; readonly b: ExchangeRef; readonly changes: readonly FieldChange[] }
  | { readonly kind: 'events'; readonly conversation: ConversationPlace; readonly onlyInA: readonly EventStep[]; readonly onlyInB: readonly EventStep[] }
  | { readonly kind: 'timing'; readonly a: ExchangeRef; readonly b: ExchangeRef; readonly durationMsA: number; readonly durationMsB: number; readonly ratio: number };

export type DriftKind = DriftFinding['kind'];

/** A side as the report names it: the file or the database and session it came from. */
export interface SideLabel {
  readonly label: string;
  readonly sessionName: string;
  readonly exchangeCount: number;
}

export interface DriftReport {
  readonly format: 'ucwa-inspector-drift';
  readonly version: 1;
  readonly a: SideLabel;
  readonly b: SideLabel;
  /** Requests matched on both sides. */
  readonly matched: number;
  /** How many findings of each kind. */
  readonly counts: Readonly<Record<DriftKind, number>>;
  /** Biggest first: see `rankFindings`. */
  readonly findings: readonly DriftFinding[];
}
