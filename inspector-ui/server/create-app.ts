/**
 * The inspector's JSON API on a recording store (docs/api.md), as a Hono app, plus Server-Sent
 * Events for what is recorded while a page is open. Bad requests get a 4xx JSON error naming the
 * problem; nothing a client sends can crash it.
 */
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { renderTimelineText, timelineJson } from '../../protocol/timeline/index.ts';
import { describeUrlMappings } from '../../protocol/url-mapping.ts';
import { exportFixture } from '../../storage/fixture/fixture-file.ts';
import { exportHar } from '../../storage/har/har-file.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import { sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import type { ChangeDto, ExchangeDetailDto } from '../api/wire-types.ts';
import { addDiffRoute, type CompareSessions } from './diff-route.ts';
import { decodedSide, eventChanges } from './event-changes.ts';
import { exchangeFilterOf, FilterProblem } from './exchange-filter.ts';
import { addListRoutes, rowDtos } from './list-routes.ts';
import { referenceDto } from './reference-dto.ts';
import { addResourceHistoryRoute } from './resource-history-route.ts';
import { bodyDto, curlOf, eventDto, RECONSTRUCTED_NOTE, responseHeadDto, sessionDto } from './to-dto.ts';

const MAX_PAGE = 500;
/** Above this many exchanges a session's timeline is asked for per conversation (its fold reads every exchange). */
export const WHOLE_TIMELINE_MAX_EXCHANGES = 20_000;

class BadRequest extends Error {}

function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new BadRequest(`${what} must be a whole number, not "${text}"`);
  return Number(text);
}

/** A moment, in milliseconds since 1970: recorded times have sub-millisecond parts, so fractions are welcome. */
function moment(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new BadRequest(`${what} must be a time in milliseconds since 1970 (like 1733050000000), not "${text}"`);
  return Number(text);
}

export interface InspectorAppOptions {
  readonly store: RecordingStore;
  /** replay/drift's `diffSessions`, for `/api/diff`; without it that path answers 501. */
  readonly compare?: CompareSessions;
}

export function createInspectorApp({ store, compare }: InspectorAppOptions): Hono {
  const app = new Hono();
  // The session row alone: counting a big session's exchanges is for the sessions list, not every page.
  const session = (c: Context) => {
    const id = positiveInt(c.req.param('id'), 'session id');
    return (id === undefined ? undefined : store.getSessionRecord(id)) ?? null;
  };

  app.onError((error, c) => {
    if (error instanceof BadRequest || error instanceof FilterProblem) return c.json({ error: error.message }, 400);
    if (error instanceof StorageError && error.code === 'session-not-found') return c.json({ error: error.message }, 404);
    return c.json({ error: `the inspector failed on this request: ${error.message}` }, 500);
  });
  app.notFound((c) => c.json({ error: `no such API path: ${c.req.path}` }, 404));

  app.get('/api/sessions', (c) => c.json(store.listSessions().map(sessionDto)));
  app.get('/api/sessions/:id', (c) => {
    const s = session(c);
    const summary = s ? store.getSession(s.id) : undefined;
    return summary ? c.json(sessionDto(summary)) : c.json({ error: `no session ${c.req.param('id')}` }, 404);
  });
  app.get('/api/sessions/:id/exchanges', (c) => {
    const s = session(c);
    if (!s) return c.json({ error: `no session ${c.req.param('id')}` }, 404);
    const limit = positiveInt(c.req.query('limit'), 'limit') ?? 100;
    if (limit < 1 || limit > MAX_PAGE) throw new BadRequest(`limit must be from 1 to ${MAX_PAGE}, not ${limit}`);
    const after = positiveInt(c.req.query('after'), 'after');
    const before = positiveInt(c.req.query('before'), 'before');
    if (after !== undefined && before !== undefined) throw new BadRequest('give after or before, not both');
    const page = store.listExchanges({ sessionId: s.id, filter: exchangeFilterOf(store, s.id, c.req.query('q')), limit, ...(after !== undefined ? { after } : {}), ...(before !== undefined ? { before } : {}), fromEnd: c.req.query('fromEnd') === '1' });
    return c.json({ items: rowDtos(store, page.items), hasBefore: page.hasBefore, hasAfter: page.hasAfter });
  });
  app.get('/api/exchanges/:id', (c) => {
    const id = positiveInt(c.req.param('id'), 'exchange id');
    const stored = id === undefined ? undefined : store.getExchange(id);
    if (!stored) return c.json({ error: `no exchange ${c.req.param('id')}` }, 404);
    const { exchange } = stored;
    const row = store.listExchanges({ sessionId: stored.sessionId, limit: 1, after: stored.id - 1 }).items.find((x) => x.id === stored.id);
    if (!row) return c.json({ error: `exchange ${stored.id} is not listed in session ${stored.sessionId}` }, 404);
    const response = exchange.stage === 'initiated' ? null : exchange.response;
    const responseResult = decodedSide(exchange, 'response');
    const decoded = responseResult?.ok ? responseResult.body : null;
    const changes = eventChanges(store, stored.sessionId, stored.id, decoded);
    const detail: ExchangeDetailDto = {
      row: rowDtos(store, [row])[0] as ExchangeDetailDto['row'],
      requestHeaders: exchange.request.headers,
      responseHeaders: response?.headers ?? null,
      statusText: response?.statusText ?? null,
      request: bodyDto(exchange.request, decodedSide(exchange, 'request')),
      response: response ? bodyDto(response, responseResult) : null,
      responseHead: response ? responseHeadDto(response) : null,
      events: (stored.derived?.events ?? []).map((e) => {
        const changed = changes.get(e.position);
        return changed ? { ...eventDto(e), changes: changed } : eventDto(e);
      }),
      redactions: stored.redactions,
      urlMappings: exchange.urlMappings ?? [],
      urlMappingSummary: describeUrlMappings(exchange.urlMappings ?? []),
      curl: exchange.reconstructed === true ? null : curlOf(exchange.request),
      reconstructed: exchange.reconstructed === true ? RECONSTRUCTED_NOTE : null,
      reference: referenceDto(decoded),
    };
    return c.json(detail);
  });
  app.get('/api/sessions/:id/events', (c) => {
    const s = session(c);
    if (!s) return c.json({ error: `no session ${c.req.param('id')}` }, 404);
    const conv = c.req.query('conv');
    return c.json(store.listEvents({ sessionId: s.id, limit: 10_000, ...(conv ? { conversation: conv } : {}) }).items.map(eventDto));
  });
  app.get('/api/sessions/:id/timeline', (c) => {
    const s = session(c);
    if (!s) return c.json({ error: `no session ${c.req.param('id')}` }, 404);
    const exchangeCount = store.countExchanges(s.id);
    if (exchangeCount > WHOLE_TIMELINE_MAX_EXCHANGES)
      throw new BadRequest(`session ${s.id} has ${exchangeCount} exchanges, too many to fold at once: ask for one conversation's timeline (/api/sessions/${s.id}/conversations lists them)`);
    const at = positiveInt(c.req.query('atExchange'), 'atExchange');
    const atMs = moment(c.req.query('atMs'), 'atMs');
    const timeline = at !== undefined ? stateAt(store, s.id, { exchangeId: at }) : atMs !== undefined ? stateAt(store, s.id, { atMs }) : sessionTimeline(store, s.id);
    if (c.req.query('format') === 'text') return c.text(renderTimelineText(timeline));
    return c.json(timelineJson(timeline));
  });
  app.get('/api/sessions/:id/export', (c) => {
    const s = session(c);
    if (!s) return c.json({ error: `no session ${c.req.param('id')}` }, 404);
    const format = c.req.query('format') ?? 'fixture';
    if (format !== 'fixture' && format !== 'har') throw new BadRequest(`format must be fixture or har, not "${format}"`);
    const text = format === 'fixture' ? exportFixture(store, s.id) : exportHar(store, s.id, '0.1.0');
    const file = `${s.name.replace(/[^\w.-]+/g, '-')}.${format === 'fixture' ? 'json' : 'har'}`;
    return c.body(text, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="${file}"` });
  });
  addListRoutes(app, store, { session, wholeNumber: positiveInt, moment, badRequest: (message) => new BadRequest(message) });
  addDiffRoute(app, store, compare, { wholeNumber: positiveInt, badRequest: (message) => new BadRequest(message) });
  addResourceHistoryRoute(app, store, { session, wholeNumber: positiveInt, badRequest: (message) => new BadRequest(message) });
  app.get('/api/changes', (c) =>
    streamSSE(c, async (stream) => {
      const after = positiveInt(c.req.query('after'), 'after');
      let stop: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        stop = store.followChanges(
          (batch) => {
            for (const change of batch.changes) {
              const dto: ChangeDto = change.kind === 'session' ? { kind: 'session', changeId: change.changeId, sessionId: change.session.id } : { kind: 'exchange', changeId: change.changeId, sessionId: change.exchange.sessionId, exchange: rowDtos(store, [change.exchange])[0] };
              void stream.writeSSE({ event: 'change', id: String(change.changeId), data: JSON.stringify(dto) });
            }
          },
          { ...(after !== undefined ? { afterChangeId: after } : {}), intervalMs: 200 },
        );
        stream.onAbort(() => resolve());
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ latestChangeId: store.latestChangeId() }) });
      await done;
      stop();
    }),
  );
  return app;
}
