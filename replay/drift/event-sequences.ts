/**
 * Event sequences compared per conversation, conversations paired by their place in the session
 * (the first seen with the first seen), since each run's server names them anew. A sequence is
 * one sender's events' types and rels in order: servers group a batch's events by sender, so the
 * order between senders depends on when the client polled. What differs is what a longest common
 * subsequence leaves out.
 */
import type { DriftFinding, EventStep } from '../../protocol/drift-report.ts';
import type { SideConversation } from './drift-side.ts';

/** Steps of `a` and of `b` outside their longest common subsequence (by text). */
export function sequenceDifference(a: readonly EventStep[], b: readonly EventStep[]): { onlyInA: EventStep[]; onlyInB: EventStep[] } {
  let start = 0;
  while (start < a.length && start < b.length && a[start]?.text === b[start]?.text) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1]?.text === b[endB - 1]?.text) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  // lengths[i][j]: the longest common subsequence of x[i..] and y[j..].
  const lengths = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      (lengths[i] as Uint32Array)[j] = x[i]?.text === y[j]?.text ? ((lengths[i + 1] as Uint32Array)[j + 1] as number) + 1 : Math.max((lengths[i + 1] as Uint32Array)[j] as number, (lengths[i] as Uint32Array)[j + 1] as number);
  const onlyInA: EventStep[] = [];
  const onlyInB: EventStep[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i]?.text === y[j]?.text) {
      i++;
      j++;
    } else if (((lengths[i + 1] as Uint32Array)[j] as number) >= ((lengths[i] as Uint32Array)[j + 1] as number)) onlyInA.push(x[i++] as EventStep);
    else onlyInB.push(y[j++] as EventStep);
  }
  onlyInA.push(...x.slice(i));
  onlyInB.push(...y.slice(j));
  return { onlyInA, onlyInB };
}

export function eventSequenceFindings(a: readonly SideConversation[], b: readonly SideConversation[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const places = new Set([...a.map((c) => c.place), ...b.map((c) => c.place)]);
  for (const place of [...places].sort((p, q) => p - q)) {
    const ca = a.find((c) => c.place === place);
    const cb = b.find((c) => c.place === place);
    const ea = ca?.events ?? [];
    const eb = cb?.events ?? [];
    const onlyInA: EventStep[] = [];
    const onlyInB: EventStep[] = [];
    for (const sender of new Set([...ea, ...eb].map((e) => e.sender))) {
      const difference = sequenceDifference(ea.filter((e) => e.sender === sender), eb.filter((e) => e.sender === sender));
      onlyInA.push(...difference.onlyInA);
      onlyInB.push(...difference.onlyInB);
    }
    if (onlyInA.length === 0 && onlyInB.length === 0) continue;
    // Back in the order they arrived on each side.
    const arrival = (list: readonly EventStep[]) => (x: EventStep, y: EventStep) => list.indexOf(x) - list.indexOf(y);
    onlyInA.sort(arrival(ea));
    onlyInB.sort(arrival(eb));
    findings.push({ kind: 'events', conversation: { place, hrefA: ca?.href ?? null, hrefB: cb?.href ?? null }, onlyInA, onlyInB });
  }
  return findings;
}
