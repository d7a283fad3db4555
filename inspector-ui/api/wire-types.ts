/** The inspector's JSON API, defined once for the server and the app (docs/api.md). */
import type { PresenceLaneJson, TimelineJson } from '../../protocol/timeline/index.ts';

/** A session's timeline (docs/timeline-format.md), whole or at a moment: the document `timelineJson` writes. */
export type SessionTimelineDto = TimelineJson;
/** One person's presence lane in it: availability bands, note marks and changes. */
export type PresenceLaneDto = PresenceLaneJson;

export interface ApiError {
  readonly error: string;
}

export interface SessionDto {
  readonly id: number;
  readonly name: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
  readonly upstream: string | null;
  readonly mode: string;
  readonly notes: string;
  readonly redacted: boolean;
  readonly exchangeCount: number;
  readonly pendingCount: number;
  readonly errorCount: number;
  readonly eventCount: number;
  readonly conversationCount: number;
  /** Finished exchanges not decoded yet (a killed import or recorder, or a live recorder's lag); their events and conversations are missing until they are. */
  readonly underivedCount: number;
  /** Finished exchanges decoded: the page shows "decoding decodedCount / (decodedCount + underivedCount)". */
  readonly decodedCount: number;
}

export interface ExchangeRowDto {
  readonly id: number;
  readonly sessionId: number;
  readonly seq: number;
  readonly stage: 'initiated' | 'completed' | 'aborted';
  readonly method: string;
  readonly url: string;
  readonly startedAtMs: number;
  readonly durationMs: number | null;
  readonly status: number | null;
  readonly requestBodySizeBytes: number;
  readonly responseBodySizeBytes: number | null;
  readonly truncated: boolean;
  readonly error: { readonly kind: string; readonly message: string } | null;
  readonly rel: string | null;
  readonly eventCount: number | null;
  /** The meaningful end of the path: what follows `/applications/ID/` (`communication/conversations/137`). */
  readonly where: string;
  /** One line on what happened (`conversation updated · message 'Hi Alice…'`, `sendMessage on conversation 137`), from derived rows. */
  readonly summary: string;
  /** Decoding problems derivation found in either body. */
  readonly diagnosticCount: number;
  /** `code` or `code/subcode` of a UCWA error body. */
  readonly ucwaError: string | null;
  /** Catalogue lint findings in either body (what the reference does not document); the detail lists them. */
  readonly lintFindingCount: number;
}

/** Rows at a position of a session's (filtered) exchanges: a list whose scrollbar spans them all. */
export interface ExchangeWindowDto {
  readonly offset: number;
  readonly total: number;
  readonly items: readonly ExchangeRowDto[];
}

/** Where an exchange or a moment falls in the (filtered) list; null when the exchange does not match the filter. */
export interface PositionDto {
  readonly position: number | null;
  readonly total: number;
}

export interface ConversationDto {
  /** The database id (`conv:#ID` in a filter). */
  readonly id: number;
  readonly href: string;
  /** The last segment of the href, as `conv:` takes it. */
  readonly shortId: string;
  readonly exchangeCount: number;
  readonly eventCount: number;
  readonly firstAtMs: number | null;
  readonly lastAtMs: number | null;
}

export interface ConversationPageDto {
  readonly total: number;
  readonly items: readonly ConversationDto[];
}

/** One conversation's timeline over a window of its exchanges (docs/timeline-format.md for each timeline). */
export interface ConversationTimelineDto {
  readonly conversation: ConversationDto;
  readonly timelines: readonly unknown[];
  /** Exchanges folded for this window. */
  readonly exchangeCount: number;
  /** The window stopped at its size: the next starts here. */
  readonly nextFromMs: number | null;
}

/** The reference at hand for a body's resource: what the catalogue documents for its rel, against what the body had. */
export interface ReferenceDto {
  readonly rel: string;
  /** Reference page names (file stems of the UCWA reference) documenting the rel. */
  readonly pages: readonly string[];
  /** Documented names, each marked present when the body had it. */
  readonly properties: readonly { readonly name: string; readonly present: boolean }[];
  readonly links: readonly { readonly name: string; readonly present: boolean }[];
  readonly operations: readonly { readonly verb: string; readonly query: readonly string[]; readonly inputs: readonly string[] }[];
  /** What the body had that the reference does not document. */
  readonly undocumented: readonly string[];
}

/** How an event's embedded resource differs from the last known state of its href. */
export interface ResourceChangeDto {
  readonly href: string;
  /** Where the earlier state was seen; null when none was found (the resource is new to the recording, or older than the look-back). */
  readonly sinceExchangeId: number | null;
  readonly added: readonly { readonly name: string; readonly value: string }[];
  readonly changed: readonly { readonly name: string; readonly from: string; readonly to: string }[];
  readonly removed: readonly { readonly name: string; readonly value: string }[];
  readonly linksAdded: readonly { readonly rel: string; readonly href: string }[];
  readonly linksRemoved: readonly { readonly rel: string; readonly href: string }[];
}

/** One recorded state of an href: where it was seen and how it differs from the state before it. */
export interface ResourceStateDto {
  readonly exchangeId: number;
  /** Its depth-first position among the exchange's response resources. */
  readonly position: number;
  /** When the exchange started, or when the event that delivered the state arrived. */
  readonly atMs: number;
  readonly method: string;
  readonly url: string;
  readonly status: number | null;
  /** What carried the state: `GET` (or another method) for a response body, `event updated` for an event. */
  readonly source: string;
  /** The rel it was embedded under, when it came inside another resource; null for a body's or an event's own resource. */
  readonly embeddedIn: string | null;
  /** Against the previous state (`sinceExchangeId`); for the first state everything is `added`. Null when the body no longer decodes to it. */
  readonly diff: ResourceChangeDto | null;
}

/** A page of an href's states, oldest first; `next` is the cursor of the following page (`after=`), null at the end. */
export interface ResourceHistoryDto {
  readonly href: string;
  readonly items: readonly ResourceStateDto[];
  readonly next: string | null;
}

export interface ExchangePageDto {
  readonly items: readonly ExchangeRowDto[];
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
}

export interface BodyDto {
  readonly sizeBytes: number;
  readonly truncated: boolean;
  readonly contentType: string | null;
  /** The exact text when the bytes are UTF-8, else null and `base64` is set. */
  readonly text: string | null;
  readonly base64: string | null;
  /** Indented JSON or XML for reading; null when the body is neither or does not parse. */
  readonly pretty: string | null;
  /** The decoded model (protocol/decoded-body.ts) or the problem that stopped it. */
  readonly decoded: unknown;
  /** Catalogue findings; `severity: 'info'` marks what the reference omits but a named real server (`knownFrom`) is known to send. */
  readonly lint: readonly { readonly kind: string; readonly severity: 'finding' | 'info'; readonly knownFrom: string | null; readonly name: string; readonly where: string; readonly message: string }[];
  /** The HTML error page (IIS, ASP.NET) this body is, else null. */
  readonly errorPage: { readonly title: string | null; readonly server: string | null } | null;
}

/** What a response's headers say beyond HTTP: the challenges of a 401 and the servers' X-Ms-diagnostics. */
export interface ResponseHeadDto {
  readonly challenges: readonly { readonly scheme: string; readonly params: readonly (readonly [string, string])[]; readonly token68: string | null; readonly summary: string }[];
  readonly diagnostics: readonly { readonly code: number | null; readonly source: string | null; readonly reason: string | null; readonly summary: string }[];
}

export interface ExchangeDetailDto {
  readonly row: ExchangeRowDto;
  readonly requestHeaders: readonly (readonly [string, string])[];
  readonly responseHeaders: readonly (readonly [string, string])[] | null;
  readonly statusText: string | null;
  readonly request: BodyDto;
  readonly response: BodyDto | null;
  /** Null when there is no response. */
  readonly responseHead: ResponseHeadDto | null;
  readonly events: readonly EventDto[];
  readonly redactions: readonly string[];
  /** What a reverse-mode proxy mapped in this exchange; the bodies shown are the server's. */
  readonly urlMappings: readonly { readonly where: string; readonly count: number; readonly direction: 'to-client' | 'to-server' }[];
  /** One sentence for the above ("served to the client with 3 URLs mapped to the proxy (…)"); null when nothing was mapped. */
  readonly urlMappingSummary: string | null;
  /** Null for an exchange rebuilt from an event log: there is no captured request to send again. */
  readonly curl: string | null;
  /** A sentence when the exchange was reconstructed (its request not captured); null for captured traffic. */
  readonly reconstructed: string | null;
  /** The catalogue entry of the response's resource, when its rel is documented. */
  readonly reference?: ReferenceDto | null;
}

export interface EventDto {
  readonly exchangeId: number;
  readonly position: number;
  readonly atMs: number;
  readonly type: string;
  readonly senderRel: string;
  readonly linkRel: string;
  readonly linkHref: string;
  readonly linkTitle: string | null;
  readonly inRel: string | null;
  readonly status: string | null;
  readonly messageText: string | null;
  /** For events that embed their resource (in the detail only): how it changed. */
  readonly changes?: readonly ResourceChangeDto[];
}

export interface ChangeDto {
  readonly kind: 'session' | 'exchange';
  readonly changeId: number;
  readonly sessionId: number;
  readonly exchange?: ExchangeRowDto;
}

/** `/api/diff?a=&b=`: what changed between two sessions, exactly as `ucwa-inspector diff --json` prints it. */
export type { DriftReport as DiffDto, DriftFinding, FieldChange, EventStep, ExchangeRef as DiffExchangeRef } from '../../protocol/drift-report.ts';
