// Hash routes: #/ sessions, #/s/ID?q=FILTER exchanges, #/s/ID/x/XID one exchange, #/s/ID/timeline?at=MS.
export type Route =
  | { readonly view: 'sessions' }
  | { readonly view: 'exchanges'; readonly session: number; readonly q: string; readonly exchange: number | null }
  | { readonly view: 'timeline'; readonly session: number; readonly atMs: number | null };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(search).get('q') ?? '';
  const timeline = /^\/s\/(\d+)\/timeline$/.exec(path);
  const at = new URLSearchParams(search).get('at');
  if (timeline) return { view: 'timeline', session: Number(timeline[1]), atMs: at && /^\d+$/.test(at) ? Number(at) : null };
  const exchange = /^\/s\/(\d+)(?:\/x\/(\d+))?$/.exec(path);
  if (exchange) return { view: 'exchanges', session: Number(exchange[1]), q, exchange: exchange[2] ? Number(exchange[2]) : null };
  return { view: 'sessions' };
}

/** The session's timeline, with every lane's cursor at `atMs` when given. */
export function timelineHref(session: number, atMs: number | null = null): string {
  return `#/s/${session}/timeline${atMs !== null ? `?at=${Math.floor(atMs)}` : ''}`;
}

export function exchangesHref(session: number, q: string, exchange: number | null = null): string {
  return `#/s/${session}${exchange !== null ? `/x/${exchange}` : ''}${q ? `?q=${encodeURIComponent(q)}` : ''}`;
}
