// Hash routes: #/ sessions, #/s/ID?q=FILTER exchanges, #/s/ID/x/XID one exchange, #/s/ID/timeline?at=MS, #/s/ID/sequence?q=&offset=,
// #/diff/A/B?slowerThan=F two sessions compared,
// #/s/ID/resource?href=HREF the states of one href.
export type Route =
  | { readonly view: 'sessions' }
  | { readonly view: 'exchanges'; readonly session: number; readonly q: string; readonly exchange: number | null }
  | { readonly view: 'timeline'; readonly session: number; readonly atMs: number | null }
  | { readonly view: 'sequence'; readonly session: number; readonly q: string; readonly offset: number }
  | { readonly view: 'diff'; readonly a: number; readonly b: number; readonly slowerThan: number | null }
  | { readonly view: 'resource'; readonly session: number; readonly href: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(search).get('q') ?? '';
  const timeline = /^\/s\/(\d+)\/timeline$/.exec(path);
  const at = new URLSearchParams(search).get('at');
  if (timeline) return { view: 'timeline', session: Number(timeline[1]), atMs: at && /^\d+$/.test(at) ? Number(at) : null };
  const sequence = /^\/s\/(\d+)\/sequence$/.exec(path);
  const offset = new URLSearchParams(search).get('offset');
  if (sequence) return { view: 'sequence', session: Number(sequence[1]), q, offset: offset && /^\d+$/.test(offset) ? Number(offset) : 0 };
  const diff = /^\/diff\/(\d+)\/(\d+)$/.exec(path);
  const slowerThan = Number(new URLSearchParams(search).get('slowerThan'));
  if (diff) return { view: 'diff', a: Number(diff[1]), b: Number(diff[2]), slowerThan: slowerThan > 1 ? slowerThan : null };
  const resource = /^\/s\/(\d+)\/resource$/.exec(path);
  if (resource) return { view: 'resource', session: Number(resource[1]), href: new URLSearchParams(search).get('href') ?? '' };
  const exchange = /^\/s\/(\d+)(?:\/x\/(\d+))?$/.exec(path);
  if (exchange) return { view: 'exchanges', session: Number(exchange[1]), q, exchange: exchange[2] ? Number(exchange[2]) : null };
  return { view: 'sessions' };
}

/** The sequence diagram of a session's (filtered) exchanges from position `offset`. */
export function sequenceHref(session: number, q: string, offset = 0): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (offset) params.set('offset', String(offset));
  const search = params.toString();
  return `#/s/${session}/sequence${search ? `?${search}` : ''}`;
}

/** The session's timeline, with every lane's cursor at `atMs` when given. */
export function timelineHref(session: number, atMs: number | null = null): string {
  return `#/s/${session}/timeline${atMs !== null ? `?at=${Math.floor(atMs)}` : ''}`;
}

export function exchangesHref(session: number, q: string, exchange: number | null = null): string {
  return `#/s/${session}${exchange !== null ? `/x/${exchange}` : ''}${q ? `?q=${encodeURIComponent(q)}` : ''}`;
}

/** Session `a` compared with session `b`, reporting exchanges `slowerThan` times slower when given. */
export function diffHref(a: number, b: number, slowerThan: number | null = null): string {
  return `#/diff/${a}/${b}${slowerThan !== null ? `?slowerThan=${slowerThan}` : ''}`;
}

/** Every recorded state of one href, with the diff between consecutive states. */
export function resourceHref(session: number, href: string): string {
  return `#/s/${session}/resource?${new URLSearchParams({ href })}`;
}
