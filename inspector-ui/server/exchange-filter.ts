/**
 * The filter typed in the exchange list (`?q=`) as a storage filter for one session. `conv:`
 * takes what a user sees: the last segment of a conversation's href (`conv:137`), a path, or
 * `#ID`; a short id two conversations share is a problem naming both.
 */
import { parseStatusFilter, type ExchangeFilter } from '../../storage/queries/exchange-page.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { parseExchangeQuery } from '../api/filter-query.ts';

export class FilterProblem extends Error {}

/** No conversation has this id: a `conv:` naming nothing matches no exchange. */
const NO_CONVERSATION = -1;

export function exchangeFilterOf(store: RecordingStore, sessionId: number, q: string | undefined): ExchangeFilter {
  if (!q) return {};
  const parsed = parseExchangeQuery(q);
  if (!parsed.ok) throw new FilterProblem(`filter: ${parsed.problem}`);
  const query = parsed.query;
  const status = query.status === undefined ? undefined : parseStatusFilter(query.status);
  let conversation: number | undefined;
  if (query.conv !== undefined) {
    const found = store.findConversations(sessionId, query.conv);
    if (found.length > 1) throw new FilterProblem(`filter: conv:${query.conv} names ${found.length} conversations (${found.slice(0, 3).map((c) => c.href).join(', ')}${found.length > 3 ? ', …' : ''}); give more of the href, or conv:#${found[0]?.id}`);
    conversation = found[0]?.id ?? NO_CONVERSATION;
  }
  return {
    ...(query.method ? { method: query.method } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(query.rel ? { rel: query.rel } : {}),
    ...(query.href ? { hrefContains: query.href } : {}),
    ...(conversation !== undefined ? { conversation } : {}),
    ...(query.text ? { text: query.text } : {}),
    ...(query.error !== undefined ? { hasError: query.error } : {}),
    ...(query.hasLint ? { hasLintFindings: true } : {}),
    ...(query.from !== undefined ? { startedFromMs: query.from } : {}),
    ...(query.to !== undefined ? { startedBeforeMs: query.to } : {}),
  };
}
