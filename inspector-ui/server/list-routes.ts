/**
 * The API routes that keep the inspector usable at a million exchanges: the exchange list by
 * position (a window of rows, the total, where an exchange or a moment falls), the session's
 * conversations with their span, and one conversation's timeline over a window of its exchanges.
 */
import type { Context, Hono } from 'hono';
import { timelineJson } from '../../protocol/timeline/index.ts';
import type { ConversationSummary } from '../../storage/queries/event-queries.ts';
import type { ExchangeSummary } from '../../storage/queries/exchange-summary.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { conversationTimeline } from '../../storage/timeline/conversation-timeline.ts';
import type { ConversationDto, ConversationPageDto, ConversationTimelineDto, ExchangeRowDto, ExchangeWindowDto, PositionDto } from '../api/wire-types.ts';
import { exchangeFilterOf, FilterProblem } from './exchange-filter.ts';
import { shortIdOf } from './row-summary.ts';
import { exchangeRowDto } from './to-dto.ts';

export const MAX_WINDOW = 500;

/** Rows with their one-line summaries (derived facts read for the whole page at once). */
export function rowDtos(store: RecordingStore, items: readonly ExchangeSummary[]): ExchangeRowDto[] {
  const facts = store.rowFacts(items.map((x) => x.id));
  return items.map((x) => exchangeRowDto(x, facts.get(x.id)));
}

function conversationDto(c: ConversationSummary): ConversationDto {
  return { id: c.id, href: c.href, shortId: shortIdOf(c.href), exchangeCount: c.exchangeCount, eventCount: c.eventCount, firstAtMs: c.firstAtMs, lastAtMs: c.lastAtMs };
}

export function addListRoutes(app: Hono, store: RecordingStore, read: { session: (c: Context) => { id: number } | null; wholeNumber: (text: string | undefined, what: string) => number | undefined; moment: (text: string | undefined, what: string) => number | undefined; badRequest: (message: string) => Error }): void {
  const filter = (c: Context, sessionId: number) => {
    try {
      return exchangeFilterOf(store, sessionId, c.req.query('q'));
    } catch (error) {
      throw error instanceof FilterProblem ? read.badRequest(error.message) : error;
    }
  };
  const noSession = (c: Context) => c.json({ error: `no session ${c.req.param('id')}` }, 404);
  // Counting a million rows takes tens of milliseconds: count once per filter until something is written.
  const counts = new Map<string, { changeId: number; total: number }>();
  const total = (sessionId: number, q: string | undefined, count: () => number): number => {
    const key = `${sessionId} ${q ?? ''}`;
    const changeId = store.latestChangeId();
    const known = counts.get(key);
    if (known && known.changeId === changeId) return known.total;
    if (counts.size > 200) counts.clear();
    const fresh = count();
    counts.set(key, { changeId, total: fresh });
    return fresh;
  };

  app.get('/api/sessions/:id/window', (c) => {
    const s = read.session(c);
    if (!s) return noSession(c);
    const limit = read.wholeNumber(c.req.query('limit'), 'limit') ?? 100;
    if (limit < 1 || limit > MAX_WINDOW) throw read.badRequest(`limit must be from 1 to ${MAX_WINDOW}, not ${limit}`);
    const offset = read.wholeNumber(c.req.query('offset'), 'offset') ?? 0;
    const f = filter(c, s.id);
    const window = store.exchangeWindow({ sessionId: s.id, filter: f, offset, limit, total: total(s.id, c.req.query('q'), () => store.countExchanges(s.id, f)) });
    const dto: ExchangeWindowDto = { offset: window.offset, total: window.total, items: rowDtos(store, window.items) };
    return c.json(dto);
  });

  app.get('/api/sessions/:id/position', (c) => {
    const s = read.session(c);
    if (!s) return noSession(c);
    const exchange = read.wholeNumber(c.req.query('exchange'), 'exchange');
    const atMs = read.moment(c.req.query('atMs'), 'atMs');
    if ((exchange === undefined) === (atMs === undefined)) throw read.badRequest('give exchange (an id) or atMs (a time), one of them');
    const f = filter(c, s.id);
    const position = store.positionOf(s.id, f, exchange !== undefined ? { exchangeId: exchange } : { atMs: atMs as number });
    const dto: PositionDto = { position, total: total(s.id, c.req.query('q'), () => store.countExchanges(s.id, f)) };
    return c.json(dto);
  });

  app.get('/api/sessions/:id/conversations', (c) => {
    const s = read.session(c);
    if (!s) return noSession(c);
    const limit = read.wholeNumber(c.req.query('limit'), 'limit') ?? 50;
    if (limit < 1 || limit > MAX_WINDOW) throw read.badRequest(`limit must be from 1 to ${MAX_WINDOW}, not ${limit}`);
    const page = store.conversationPage(s.id, { offset: read.wholeNumber(c.req.query('offset'), 'offset') ?? 0, limit });
    const dto: ConversationPageDto = { total: page.total, items: page.items.map(conversationDto) };
    return c.json(dto);
  });

  app.get('/api/sessions/:id/conversations/:conv/timeline', (c) => {
    const s = read.session(c);
    if (!s) return noSession(c);
    const conv = read.wholeNumber(c.req.param('conv'), 'conversation id') as number;
    const [found] = store.findConversations(s.id, `#${conv}`);
    if (!found) return c.json({ error: `session ${s.id} has no conversation #${conv}` }, 404);
    const fromMs = read.moment(c.req.query('fromMs'), 'fromMs');
    const toMs = read.moment(c.req.query('toMs'), 'toMs');
    const atMs = read.moment(c.req.query('atMs'), 'atMs');
    const window = conversationTimeline(store, s.id, conv, { ...(fromMs !== undefined ? { fromMs } : {}), ...(toMs !== undefined ? { toMs } : {}), ...(atMs !== undefined ? { atMs } : {}) });
    const [summary] = store.conversationPage(s.id, { offset: 0, limit: 1, conversationId: conv }).items;
    const json = timelineJson({ conversations: [...window.timelines], presence: [], missedItems: [], application: [], resets: [] }) as { conversations: unknown[] };
    const dto: ConversationTimelineDto = {
      conversation: summary ? conversationDto(summary) : { id: conv, href: found.href, shortId: shortIdOf(found.href), exchangeCount: 0, eventCount: 0, firstAtMs: null, lastAtMs: null },
      timelines: json.conversations,
      exchangeCount: window.exchangeCount,
      nextFromMs: window.nextFromMs,
    };
    return c.json(dto);
  });
}
