/**
 * One session read for comparison: its client requests (event-channel polls left out: how many
 * a client makes depends on timing), each with its alignment key, and its conversations in the
 * order the session first saw them, each with its event sequence.
 */
import type { RecordingStore, ResponseContent } from '../../storage/recording-store.ts';
import type { ExchangeSummary } from '../../storage/queries/exchange-summary.ts';
import type { StoredEvent } from '../../storage/queries/event-queries.ts';
import { requestKey, type KeyOptions, type RequestKey } from '../request-key.ts';
import type { EventStep, SideLabel } from '../../protocol/drift-report.ts';
import { isHrefText } from './volatile-fields.ts';

export interface SideExchange {
  readonly id: number;
  readonly seq: number;
  readonly method: string;
  readonly url: string;
  /** The rel of the link the request followed, when the session knows it. */
  readonly targetRel: string | null;
  readonly status: number | null;
  readonly durationMs: number | null;
  /** What requests are aligned by: the replay's request key with the path replaced by the target rel where known, and hrefs in the body masked. */
  readonly alignKey: string;
  /** The same without query and body: requests that share it but not `alignKey` are the same request, changed. */
  readonly targetKey: string;
  /** The replay's request key with the same path and body masking, for saying what differs. */
  readonly key: RequestKey;
}

export interface SideConversation {
  /** 1-based, in the order the session first saw them; 0 for events outside any conversation. */
  readonly place: number;
  readonly href: string | null;
  readonly events: readonly EventStep[];
}

export interface DriftSide {
  readonly label: SideLabel;
  readonly exchanges: readonly SideExchange[];
  readonly conversations: readonly SideConversation[];
  responseOf(exchangeId: number): ResponseContent | null;
}

/** Every exchange summary of a session, page by page, in seq order. */
export function* allSummaries(store: RecordingStore, sessionId: number): Generator<ExchangeSummary> {
  let after: number | undefined;
  for (;;) {
    const page = store.listExchanges({ sessionId, limit: 1000, ...(after !== undefined ? { after } : {}) });
    yield* page.items;
    const last = page.items.at(-1);
    if (!page.hasAfter || !last) return;
    after = last.id;
  }
}

function* allEvents(store: RecordingStore, sessionId: number, conversation?: number): Generator<StoredEvent> {
  let after: StoredEvent | undefined;
  for (;;) {
    const page = store.listEvents({ sessionId, limit: 10_000, ...(conversation !== undefined ? { conversation } : {}), ...(after ? { after: { atMs: after.atMs, id: after.id } } : {}) });
    yield* page.items;
    after = page.items.at(-1);
    if (!page.next || !after) return;
  }
}

export function eventStepText(event: Pick<StoredEvent, 'type' | 'linkRel' | 'inRel' | 'status'>): string {
  return [event.type, event.linkRel, event.inRel ? `in ${event.inRel}` : null, event.status].filter((part) => part !== null && part !== '').join(' ');
}

/** Body values are JSON text for resources and plain text for forms. */
function isHrefValue(value: string): boolean {
  if (!value.startsWith('"')) return isHrefText(value);
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' && isHrefText(parsed);
  } catch {
    return false;
  }
}

function maskedBody(body: RequestKey['body']): RequestKey['body'] {
  if (typeof body === 'string') return body;
  return body.map(([name, value]) => [name, isHrefValue(value) ? '(href)' : value] as const);
}

/** Reads a session that derivation has finished with (the caller checks `eventBatchesOf`). */
export function loadDriftSide(store: RecordingStore, sessionId: number, label: string, keyOptions: KeyOptions): DriftSide {
  const session = store.getSessionRecord(sessionId);
  const summaries = new Map([...allSummaries(store, sessionId)].map((s) => [s.id, s]));
  const sides = store.requestSides(sessionId);
  const eventPaths = new Set<string>();
  for (const summary of summaries.values()) if (summary.derived?.eventCount !== null && summary.derived?.eventCount !== undefined) eventPaths.add(new URL(summary.url).pathname);
  const exchanges: SideExchange[] = [];
  for (const side of sides) {
    const url = new URL(side.url);
    if (side.stage === 'initiated' || eventPaths.has(url.pathname)) continue;
    const summary = summaries.get(side.id);
    const targetRel = summary?.derived?.targetRel ?? null;
    const key = requestKey(side.method, url, side.body, side.contentType ?? undefined, keyOptions);
    const target = targetRel ? `rel ${targetRel}` : url.pathname;
    const body = maskedBody(key.body);
    exchanges.push({
      id: side.id,
      seq: side.seq,
      method: key.method,
      url: side.url,
      targetRel,
      status: side.status,
      durationMs: summary?.durationMs ?? side.endedMs,
      alignKey: JSON.stringify([key.method, target, key.query, body]),
      targetKey: JSON.stringify([key.method, target]),
      key: { ...key, path: target, body },
    });
  }
  const conversations: SideConversation[] = store.listConversations(sessionId).map((c, index) => ({ place: index + 1, href: c.href, events: [...allEvents(store, sessionId, c.id)].map((e) => ({ text: eventStepText(e), sender: e.senderRel, exchangeId: e.exchangeId })) }));
  const outside = [...allEvents(store, sessionId)].filter((e) => e.conversationId === null).map((e) => ({ text: eventStepText(e), sender: e.senderRel, exchangeId: e.exchangeId }));
  return {
    label: { label, sessionName: session?.name ?? String(sessionId), exchangeCount: sides.length },
    exchanges,
    conversations: [{ place: 0, href: null, events: outside }, ...conversations],
    responseOf: (id) => store.responseContentOf(id),
  };
}
