/**
 * Compares two sessions read as DriftSides: aligns their requests, then reports what only one
 * side asked, changed requests, status and body changes, event sequences per conversation and,
 * when asked, exchanges that got slower, ranked biggest first.
 */
import { differences } from '../request-key.ts';
import { alignExchanges } from './align-exchanges.ts';
import { bodyChanges } from './body-changes.ts';
import type { DriftFinding, DriftKind, DriftReport, ExchangeRef } from '../../protocol/drift-report.ts';
import { clipText } from '../../protocol/text/clip-text.ts';
import type { DriftSide, SideExchange } from './drift-side.ts';
import { eventSequenceFindings } from './event-sequences.ts';

export interface CompareOptions {
  /** Field and property names left out (lower-cased): volatileNames(). */
  readonly ignore: ReadonlySet<string>;
  /** Report exchanges at least this many times slower in B (and MIN_SLOWER_MS slower); none when absent. */
  readonly slowerThan?: number;
}

/** Below this, a ratio of durations is noise (1 ms against 3 ms). */
export const MIN_SLOWER_MS = 20;

/** The order kinds are reported in: what breaks a client first. */
const RANK: readonly DriftKind[] = ['status', 'only-in-a', 'only-in-b', 'request-changed', 'events', 'body', 'timing'];

function clip(text: string): string {
  return JSON.stringify(clipText(text, 80));
}

/** The replay's words for what differs between two requests, B's value first, with text bodies shown. */
function requestDifferences(a: SideExchange, b: SideExchange): string[] {
  return differences(b.key, a.key).map((line) => (line === 'body text' ? `body text: ${clip(typeof b.key.body === 'string' ? b.key.body : '(fields)')} (in A ${clip(typeof a.key.body === 'string' ? a.key.body : '(fields)')})` : line.replace('(recorded ', '(in A ')));
}

function refOf(exchange: SideExchange): ExchangeRef {
  const url = new URL(exchange.url);
  return { id: exchange.id, seq: exchange.seq, request: `${exchange.method} ${url.pathname}${url.search}${exchange.targetRel ? ` (${exchange.targetRel})` : ''}` };
}

function weight(finding: DriftFinding): number {
  if (finding.kind === 'body') return finding.changes.length;
  if (finding.kind === 'events') return finding.onlyInA.length + finding.onlyInB.length;
  if (finding.kind === 'timing') return finding.ratio;
  return 0;
}

function seqOf(finding: DriftFinding): number {
  if (finding.kind === 'only-in-b') return finding.b.seq;
  if (finding.kind === 'events') return finding.conversation.place;
  return finding.a.seq;
}

/** Kinds in RANK order; within a kind, the heavier first (more fields, more events, slower), then session order. */
export function rankFindings(findings: readonly DriftFinding[]): DriftFinding[] {
  return [...findings].sort((x, y) => RANK.indexOf(x.kind) - RANK.indexOf(y.kind) || weight(y) - weight(x) || seqOf(x) - seqOf(y));
}

export function compareSessions(a: DriftSide, b: DriftSide, options: CompareOptions): DriftReport {
  const alignment = alignExchanges(a.exchanges, b.exchanges);
  const findings: DriftFinding[] = [];
  for (const exchange of alignment.onlyInA) findings.push({ kind: 'only-in-a', a: refOf(exchange) });
  for (const exchange of alignment.onlyInB) findings.push({ kind: 'only-in-b', b: refOf(exchange) });
  for (const pair of alignment.pairs) {
    const ra = refOf(pair.a);
    const rb = refOf(pair.b);
    if (pair.changed) findings.push({ kind: 'request-changed', a: ra, b: rb, differences: requestDifferences(pair.a, pair.b) });
    if (pair.a.status !== pair.b.status) {
      findings.push({ kind: 'status', a: ra, b: rb, statusA: pair.a.status, statusB: pair.b.status });
    } else {
      const changes = bodyChanges(
        { content: a.responseOf(pair.a.id), status: pair.a.status, method: pair.a.method, url: pair.a.url },
        { content: b.responseOf(pair.b.id), status: pair.b.status, method: pair.b.method, url: pair.b.url },
        options.ignore,
      );
      if (changes.length > 0) findings.push({ kind: 'body', a: ra, b: rb, changes });
    }
    const slower = options.slowerThan;
    const [da, db] = [pair.a.durationMs, pair.b.durationMs];
    if (slower !== undefined && da !== null && db !== null && db - da >= MIN_SLOWER_MS && db >= da * slower)
      findings.push({ kind: 'timing', a: ra, b: rb, durationMsA: da, durationMsB: db, ratio: db / Math.max(da, 0.001) });
  }
  findings.push(...eventSequenceFindings(a.conversations, b.conversations));
  const counts = Object.fromEntries(RANK.map((kind) => [kind, findings.filter((f) => f.kind === kind).length])) as Record<DriftKind, number>;
  return { format: 'ucwa-inspector-drift', version: 1, a: a.label, b: b.label, matched: alignment.pairs.length, counts, findings: rankFindings(findings) };
}
