/**
 * How timeline inputs are kept in `timeline_parts`: one row per exchange and moment (the request
 * when it started, what the response showed when it ended), each row a JSON array of the inputs
 * without what the row already says (the moment, the exchange, the cause that follows from them).
 * Fewer, smaller rows: derivation writes less and a session's timeline reads less.
 */
import type { Cause, TimelineInput } from '../../protocol/timeline/index.ts';

/** Part ids are `exchangeId × PARTS_PER_EXCHANGE + place`, so an exchange's parts are one id range and need no index of their own. */
export const PARTS_PER_EXCHANGE = 4;

/** One row to store: its place among the exchange's parts, its moment, its inputs encoded. */
export interface StoredPart {
  readonly place: number;
  readonly atMs: number;
  readonly inputs: string;
}

/** An input as stored: no `atMs` (the row's), and no `cause` when it is the one its kind implies. */
type StoredInput = DistributiveOmit<TimelineInput, 'atMs' | 'cause'> & { readonly cause?: Cause };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The cause an input of this exchange has unless it says otherwise (what `inputsFromDecoded` gives each kind). */
function impliedCause(input: StoredInput, exchangeId: number, seq: number): Cause {
  switch (input.kind) {
    case 'request':
      return { exchangeId, seq, source: 'request' };
    case 'response':
      return { exchangeId, seq, source: 'snapshot' };
    case 'event':
      return { exchangeId, seq, source: 'event', eventIndex: input.event.index };
    case 'channel-reset':
      return { exchangeId, seq, source: 'event' };
  }
}

function sameCause(a: Cause, b: Cause): boolean {
  return a.exchangeId === b.exchangeId && a.seq === b.seq && a.source === b.source && a.eventIndex === b.eventIndex;
}

/** Groups an exchange's inputs (in its order) into parts, one per run of inputs at one moment. */
export function storedParts(inputs: readonly TimelineInput[], exchangeId: number, seq: number): StoredPart[] {
  const parts: { atMs: number; inputs: StoredInput[] }[] = [];
  for (const input of inputs) {
    const { atMs, cause, ...rest } = input;
    const stored = rest as StoredInput;
    const kept: StoredInput = sameCause(cause, impliedCause(stored, exchangeId, seq)) ? stored : { ...stored, cause };
    const last = parts.at(-1);
    if (last && last.atMs === atMs) last.inputs.push(kept);
    else parts.push({ atMs, inputs: [kept] });
  }
  if (parts.length > PARTS_PER_EXCHANGE) throw new Error(`exchange ${exchangeId} has timeline inputs at ${parts.length} moments; storage keeps at most ${PARTS_PER_EXCHANGE}`);
  return parts.map((part, place) => ({ place, atMs: part.atMs, inputs: JSON.stringify(part.inputs) }));
}

/** The inputs of one stored part, whole again. */
export function partInputs(json: string, atMs: number, exchangeId: number, seq: number, into: TimelineInput[]): void {
  // The parsed objects are fresh: completing them in place costs less than copying them.
  for (const stored of JSON.parse(json) as (StoredInput & { atMs?: number; cause?: Cause })[]) {
    stored.atMs = atMs;
    stored.cause ??= impliedCause(stored, exchangeId, seq);
    into.push(stored as TimelineInput);
  }
}
