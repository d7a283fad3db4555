/** A typed client of the inspector API, for the app (and tests). */
import type { ConversationPageDto, DiffDto, ConversationTimelineDto, ExchangeDetailDto, ExchangePageDto, ExchangeWindowDto, PositionDto, ResourceHistoryDto, SessionDto, SessionTimelineDto } from './wire-types.ts';

export class ApiClient {
  constructor(private readonly base = '') {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`);
    const body = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(body.error ?? `${path}: ${response.status}`);
    return body;
  }

  private static query(values: Record<string, string | number | undefined>): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(name, String(value));
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  sessions(): Promise<SessionDto[]> {
    return this.get('/api/sessions');
  }

  session(id: number): Promise<SessionDto> {
    return this.get(`/api/sessions/${id}`);
  }

  exchanges(sessionId: number, options: { q?: string; after?: number; before?: number; limit?: number; fromEnd?: boolean } = {}): Promise<ExchangePageDto> {
    const params = new URLSearchParams();
    if (options.q) params.set('q', options.q);
    if (options.after !== undefined) params.set('after', String(options.after));
    if (options.before !== undefined) params.set('before', String(options.before));
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (options.fromEnd) params.set('fromEnd', '1');
    return this.get(`/api/sessions/${sessionId}/exchanges?${params}`);
  }

  /** Rows at a position of the (filtered) list, with the total. */
  window(sessionId: number, options: { q?: string; offset: number; limit: number }): Promise<ExchangeWindowDto> {
    return this.get(`/api/sessions/${sessionId}/window${ApiClient.query({ q: options.q, offset: options.offset, limit: options.limit })}`);
  }

  /** Where an exchange, or the first exchange at or after a moment, falls in the (filtered) list. */
  position(sessionId: number, options: { q?: string; exchange?: number; atMs?: number }): Promise<PositionDto> {
    return this.get(`/api/sessions/${sessionId}/position${ApiClient.query({ q: options.q, exchange: options.exchange, atMs: options.atMs })}`);
  }

  exchange(id: number): Promise<ExchangeDetailDto> {
    return this.get(`/api/exchanges/${id}`);
  }

  conversations(sessionId: number, options: { offset?: number; limit?: number } = {}): Promise<ConversationPageDto> {
    return this.get(`/api/sessions/${sessionId}/conversations${ApiClient.query({ offset: options.offset, limit: options.limit })}`);
  }

  conversationTimeline(sessionId: number, conversationId: number, window: { fromMs?: number; toMs?: number; atMs?: number } = {}): Promise<ConversationTimelineDto> {
    return this.get(`/api/sessions/${sessionId}/conversations/${conversationId}/timeline${ApiClient.query({ fromMs: window.fromMs, toMs: window.toMs, atMs: window.atMs !== undefined ? Math.floor(window.atMs) : undefined })}`);
  }

  timeline(sessionId: number, at: { atExchange?: number; atMs?: number } = {}): Promise<SessionTimelineDto> {
    return this.get(`/api/sessions/${sessionId}/timeline${ApiClient.query({ atExchange: at.atExchange, atMs: at.atMs !== undefined ? Math.floor(at.atMs) : undefined })}`);
  }

  /** What changed from session `a` to session `b` (the findings of `ucwa-inspector diff`). */
  diff(a: number, b: number, options: { slowerThan?: number; ignoreFields?: readonly string[] } = {}): Promise<DiffDto> {
    const params = new URLSearchParams({ a: String(a), b: String(b) });
    if (options.slowerThan !== undefined) params.set('slowerThan', String(options.slowerThan));
    for (const field of options.ignoreFields ?? []) params.append('ignoreField', field);
    return this.get(`/api/diff?${params}`);
  }

  /** A page of the states one href went through, oldest first; `after` is the previous page's `next`. */
  resourceHistory(sessionId: number, href: string, options: { after?: string; limit?: number } = {}): Promise<ResourceHistoryDto> {
    return this.get(`/api/sessions/${sessionId}/resources/history${ApiClient.query({ href, after: options.after, limit: options.limit })}`);
  }

  exportUrl(sessionId: number, format: 'fixture' | 'har'): string {
    return `${this.base}/api/sessions/${sessionId}/export?format=${format}`;
  }
}

/** The app's client: same origin. */
export const api = new ApiClient();
