/**
 * `GET /api/sessions/:id/resources/history?href=`: a page of the states one href went through,
 * each decoded again from its exchange's response body and diffed against the state before it.
 */
import type { Context, Hono } from 'hono';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import type { ResourceStateCursor, ResourceStateRow } from '../../storage/queries/resource-history.ts';
import type { ResourceHistoryDto, ResourceStateDto } from '../api/wire-types.ts';
import { changeDto, decodedResponse } from './event-changes.ts';

export const MAX_HISTORY_PAGE = 200;
const DEFAULT_HISTORY_PAGE = 50;

function* withEmbedded(resource: UcwaResource): Generator<UcwaResource> {
  yield resource;
  for (const list of Object.values(resource.embedded)) for (const inner of list) yield* withEmbedded(inner);
}

/** A body's resources in the order derivation numbered them (depth-first, batch parts and events in wire order). */
function* resourcesInWireOrder(body: DecodedBody): Generator<UcwaResource> {
  if (body.kind === 'resource') yield* withEmbedded(body.resource);
  if (body.kind === 'events') for (const event of body.batch.events) for (const list of Object.values(event.embedded)) for (const top of list) yield* withEmbedded(top);
  if (body.kind === 'batch') for (const part of body.parts) if (part.body.ok) yield* resourcesInWireOrder(part.body.body);
}

/** The href as the client wrote it and without its origin and fragment: events often carry absolute hrefs, bodies relative ones. */
function hrefForms(href: string): string[] {
  const relative = href.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/#.*$/, '') || '/';
  return relative === href ? [href] : [href, relative];
}

function cursorOf(text: string | undefined): ResourceStateCursor | undefined | null {
  if (text === undefined || text === '') return undefined;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  return match ? { exchangeId: Number(match[1]), position: Number(match[2]) } : null;
}

/** Decodes each exchange once per page and finds a row's resource by its position. */
class StateReader {
  private readonly bodies = new Map<number, UcwaResource[]>();
  constructor(private readonly store: RecordingStore) {}

  stateOf(row: ResourceStateRow): UcwaResource | null {
    let resources = this.bodies.get(row.exchangeId);
    if (!resources) {
      const stored = this.store.getExchange(row.exchangeId);
      const body = stored ? decodedResponse(stored.exchange) : null;
      resources = body ? [...resourcesInWireOrder(body)] : [];
      this.bodies.set(row.exchangeId, resources);
    }
    const resource = resources[row.position];
    return resource?.href === row.href ? resource : null;
  }
}

function stateDto(row: ResourceStateRow, previous: ResourceStateRow | null, reader: StateReader): ResourceStateDto {
  const state = reader.stateOf(row);
  const before = previous ? reader.stateOf(previous) : null;
  return {
    exchangeId: row.exchangeId,
    position: row.position,
    atMs: row.eventAtMs ?? row.startedAtMs,
    method: row.method,
    url: row.url,
    status: row.status,
    source: row.eventType !== null ? `event ${row.eventType}` : row.method,
    embeddedIn: row.parentPosition !== null ? row.rel : null,
    diff: state ? changeDto(row.href, before ? (previous?.exchangeId ?? null) : null, before, state) : null,
  };
}

export function addResourceHistoryRoute(app: Hono, store: RecordingStore, read: { session: (c: Context) => { id: number } | null; wholeNumber: (text: string | undefined, what: string) => number | undefined; badRequest: (message: string) => Error }): void {
  app.get('/api/sessions/:id/resources/history', (c) => {
    const s = read.session(c);
    if (!s) return c.json({ error: `no session ${c.req.param('id')}` }, 404);
    const href = c.req.query('href');
    if (!href) throw read.badRequest('href is required: the href whose states to list, such as href=/ucwa/oauth/v1/applications/1/communication/conversations/2');
    const limit = read.wholeNumber(c.req.query('limit'), 'limit') ?? DEFAULT_HISTORY_PAGE;
    if (limit < 1 || limit > MAX_HISTORY_PAGE) throw read.badRequest(`limit must be from 1 to ${MAX_HISTORY_PAGE}, not ${limit}`);
    const after = cursorOf(c.req.query('after'));
    if (after === null) throw read.badRequest(`after must be the next cursor of an earlier page (EXCHANGE.POSITION, such as 12.3), not "${c.req.query('after')}"`);
    const page = store.resourceHistory({ sessionId: s.id, hrefs: hrefForms(href), limit, ...(after ? { after } : {}) });
    const reader = new StateReader(store);
    const items = page.items.map((row, i) => stateDto(row, i === 0 ? page.previous : (page.items[i - 1] ?? null), reader));
    const last = page.items.at(-1);
    const dto: ResourceHistoryDto = { href, items, next: page.hasMore && last ? `${last.exchangeId}.${last.position}` : null };
    return c.json(dto);
  });
}
