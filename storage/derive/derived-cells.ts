/**
 * What derivation hands the SQL writer: each exchange's derived rows as one flat run of
 * primitives, already serialised (timeline parts as their stored JSON). Flat arrays of numbers and
 * strings are cheap to pass between threads, and one format keeps the derivation thread and the
 * single-thread path writing the same rows (derived-writer.ts reads them back in this order).
 */
import { foldedInputs } from '../../protocol/timeline/index.ts';
import type { DerivedExchange } from '../../protocol/derive/derive-exchange.ts';
import type { HrefFacts } from '../../protocol/derive/href-index.ts';
import { PARTS_PER_EXCHANGE, storedParts } from '../timeline/stored-inputs.ts';

export type Cell = string | number | null;

/** A chunk of derived exchanges in derivation order, and what the href indexes learned while deriving them. */
export interface DerivedChunk {
  /** Per exchange: see `encodeDerived`. */
  readonly cells: Cell[];
  readonly exchanges: number;
  /** Per session touched: session id, count, then per href: href, rel, conversation href. */
  readonly hrefs: Cell[];
}

/** Cells per resource, event, diagnostic and timeline part, in the order `encodeDerived` writes them. */
export const RESOURCE_CELLS = 7;
export const EVENT_CELLS = 17;
export const DIAGNOSTIC_CELLS = 4;
export const PART_CELLS = 3;

/**
 * Appends one exchange: its ids and exchange_derived columns, then each table's rows as a count
 * and the rows' columns (conversations by href: the writer owns their ids), its timeline parts
 * (id, moment, stored JSON) and its full-text columns.
 */
export function encodeDerived(out: Cell[], exchangeId: number, sessionId: number, seq: number, atMs: number, derived: DerivedExchange): void {
  out.push(
    exchangeId,
    sessionId,
    seq,
    derived.targetRel,
    derived.requestKind,
    derived.responseKind,
    derived.responseRel,
    derived.ucwaError,
    derived.diagnostics.length,
    derived.lintFindingCounts.request,
    derived.lintFindingCounts.response,
  );
  out.push(derived.resources.length);
  for (const r of derived.resources) out.push(r.direction, r.position, r.parentPosition, r.eventPosition, r.rel, r.type, r.href);
  const batch = derived.eventBatch;
  if (batch) out.push(1, batch.ack, batch.nextHref, batch.resyncHref, batch.resumeHref, batch.eventCount);
  else out.push(0);
  out.push(derived.events.length);
  for (const e of derived.events)
    out.push(
      e.position,
      atMs,
      e.ack,
      e.senderRel,
      e.senderHref,
      e.type,
      e.linkRel,
      e.linkHref,
      e.linkTitle,
      e.inRel,
      e.inHref,
      e.status,
      e.reasonCode,
      e.reasonSubcode,
      e.reasonMessage,
      e.conversation,
      e.messageText,
    );
  out.push(derived.diagnostics.length);
  for (const d of derived.diagnostics) out.push(d.direction, d.severity, d.message, d.offset);
  out.push(derived.rels.length, ...derived.rels);
  out.push(derived.conversations.length, ...derived.conversations);
  const parts = storedParts(foldedInputs(derived.timelineInputs), exchangeId, seq);
  out.push(parts.length);
  for (const part of parts) out.push(exchangeId * PARTS_PER_EXCHANGE + part.place, part.atMs, part.inputs);
  const { request, response, messages } = derived.text;
  out.push(request, response, messages);
}

/** Appends what one session's href index learned (`HrefIndex.takeChanges`). */
export function encodeHrefChanges(out: Cell[], sessionId: number, changes: readonly (readonly [string, HrefFacts])[]): void {
  if (changes.length === 0) return;
  out.push(sessionId, changes.length);
  for (const [href, facts] of changes) out.push(href, facts.rel, facts.conversation);
}
