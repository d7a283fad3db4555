/**
 * Pairs the requests of two sessions as the replay matches a client to a recording: the n-th
 * request with a key in A to the n-th with that key in B. What is left pairs by target alone
 * (same method and rel, changed query or body), in order; the rest is on one side only.
 */
import type { SideExchange } from './drift-side.ts';

export interface Alignment {
  /** Pairs in A's order; `changed` when only the target matched. */
  readonly pairs: readonly { readonly a: SideExchange; readonly b: SideExchange; readonly changed: boolean }[];
  readonly onlyInA: readonly SideExchange[];
  readonly onlyInB: readonly SideExchange[];
}

function byKey(exchanges: readonly SideExchange[], keyOf: (e: SideExchange) => string): Map<string, SideExchange[]> {
  const groups = new Map<string, SideExchange[]>();
  for (const exchange of exchanges) {
    const key = keyOf(exchange);
    const group = groups.get(key);
    if (group) group.push(exchange);
    else groups.set(key, [exchange]);
  }
  return groups;
}

/** Pairs the n-th of each key in `a` with the n-th of the same key in `b`; returns the pairs and what is left. */
function pairByKey(a: readonly SideExchange[], b: readonly SideExchange[], keyOf: (e: SideExchange) => string) {
  const waiting = byKey(b, keyOf);
  const pairs: { a: SideExchange; b: SideExchange }[] = [];
  const leftA: SideExchange[] = [];
  for (const exchange of a) {
    const match = waiting.get(keyOf(exchange))?.shift();
    if (match) pairs.push({ a: exchange, b: match });
    else leftA.push(exchange);
  }
  const paired = new Set(pairs.map((p) => p.b.id));
  return { pairs, leftA, leftB: b.filter((e) => !paired.has(e.id)) };
}

export function alignExchanges(a: readonly SideExchange[], b: readonly SideExchange[]): Alignment {
  const exact = pairByKey(a, b, (e) => e.alignKey);
  const loose = pairByKey(exact.leftA, exact.leftB, (e) => e.targetKey);
  const pairs = [...exact.pairs.map((p) => ({ ...p, changed: false })), ...loose.pairs.map((p) => ({ ...p, changed: true }))].sort((x, y) => x.a.seq - y.a.seq);
  return { pairs, onlyInA: loose.leftA, onlyInB: loose.leftB };
}
