/**
 * A recorded session read as the client's side to play again: its requests in order (event polls
 * left out: the rerun holds its own event channel), the rel each request's href came from, how
 * many events the client had received before sending it, and the recorded events in order.
 */
import { decodeMessage } from '../../protocol/decode-message.ts';
import type { UcwaEvent } from '../../protocol/event.ts';
import { headerValue, type HeaderPairs } from '../../protocol/exchange.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { hrefKey } from '../../protocol/derive/href-index.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { allSummaries } from '../drift/drift-side.ts';

export interface RecordedResponseBody {
  readonly status: number;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

export interface RerunStep {
  readonly exchangeId: number;
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  /** The rel of the link the recorded client followed, when the recording knows it. */
  readonly targetRel: string | null;
  /** Whether a recorded answer or event had shown the client this href before (else it is an entry point: the root, a token URL). */
  readonly linked: boolean;
  readonly startedAtMs: number;
  /** Events the recorded client had received when it sent this request. */
  readonly eventsBefore: number;
  readonly response: RecordedResponseBody | null;
}

export interface RerunPlan {
  readonly sessionName: string;
  readonly steps: readonly RerunStep[];
  /** Every event the recorded client received, in order. */
  readonly events: readonly UcwaEvent[];
  /** The headers of the recorded client's event polls (its Accept), when it polled. */
  readonly pollHeaders: HeaderPairs | null;
  /** The recording's token request carries a redacted password: the rerun needs the real one. */
  readonly needsPassword: boolean;
}

export const REDACTED = /^REDACTED-\d+$/;

export function isTokenForm(body: Uint8Array, contentType: string | undefined): URLSearchParams | null {
  if (!contentType || !/application\/x-www-form-urlencoded/i.test(contentType)) return null;
  const form = new URLSearchParams(Buffer.from(body).toString('utf8'));
  return form.has('grant_type') ? form : null;
}

function collectHrefs(resource: UcwaResource, into: Set<string>): void {
  const add = (href: string | null) => {
    const key = href === null ? null : hrefKey(href);
    if (key !== null) into.add(key);
  };
  add(resource.href);
  for (const links of Object.values(resource.links)) for (const link of links) add(link.href);
  for (const resources of Object.values(resource.embedded)) for (const embedded of resources) collectHrefs(embedded, into);
}

function collectEventHrefs(events: readonly UcwaEvent[], into: Set<string>): void {
  for (const event of events) {
    for (const href of [event.sender.href, event.link.href, event.in?.href]) {
      const key = href === undefined ? null : hrefKey(href);
      if (key !== null) into.add(key);
    }
    for (const resources of Object.values(event.embedded)) for (const resource of resources) collectHrefs(resource, into);
  }
}

function isLinked(url: string, seen: ReadonlySet<string>): boolean {
  const key = hrefKey(url);
  return key !== null && (seen.has(key) || seen.has(key.split('?')[0] as string));
}

export function planRerun(store: RecordingStore, sessionId: number): RerunPlan {
  const summaries = new Map([...allSummaries(store, sessionId)].map((s) => [s.id, s]));
  const pollPaths = new Set<string>();
  for (const s of summaries.values()) if (s.derived?.eventCount !== null && s.derived?.eventCount !== undefined) pollPaths.add(new URL(s.url).pathname);
  const deliveries: { endedAtMs: number; events: readonly UcwaEvent[] }[] = [];
  const requests: Omit<RerunStep, 'eventsBefore'>[] = [];
  let pollHeaders: HeaderPairs | null = null;
  let needsPassword = false;
  // Hrefs the recorded client had been shown so far, by any answer or event.
  const seen = new Set<string>();
  for (const row of store.iterateExchanges(sessionId)) {
    const { exchange } = row;
    const response = exchange.stage === 'initiated' ? null : exchange.response;
    if (pollPaths.has(new URL(exchange.request.url).pathname)) {
      pollHeaders ??= exchange.request.headers;
      if (!response || response.status !== 200) continue;
      const decoded = decodeMessage(exchange, 'response');
      if (decoded?.ok && decoded.body.kind === 'events') {
        deliveries.push({ endedAtMs: exchange.timings.startedAtMs + (exchange.timings.endedMs ?? 0), events: decoded.body.batch.events });
        collectEventHrefs(decoded.body.batch.events, seen);
      }
      continue;
    }
    if (exchange.stage === 'initiated') continue;
    const form = isTokenForm(exchange.request.body, headerValue(exchange.request.headers, 'content-type'));
    if (form && REDACTED.test(form.get('password') ?? '')) needsPassword = true;
    requests.push({
      exchangeId: row.id,
      method: exchange.request.method,
      url: exchange.request.url,
      headers: exchange.request.headers,
      body: exchange.request.body,
      targetRel: summaries.get(row.id)?.derived?.targetRel ?? null,
      linked: isLinked(exchange.request.url, seen),
      startedAtMs: exchange.timings.startedAtMs,
      response: response ? { status: response.status, headers: response.headers, body: response.body } : null,
    });
    if (response) {
      const decoded = decodeMessage(exchange, 'response');
      if (decoded?.ok && decoded.body.kind === 'resource') collectHrefs(decoded.body.resource, seen);
    }
  }
  const steps = requests.map((step) => ({ ...step, eventsBefore: deliveries.filter((d) => d.endedAtMs <= step.startedAtMs).reduce((sum, d) => sum + d.events.length, 0) }));
  return { sessionName: store.getSessionRecord(sessionId)?.name ?? String(sessionId), steps, events: deliveries.flatMap((d) => d.events), pollHeaders, needsPassword };
}
