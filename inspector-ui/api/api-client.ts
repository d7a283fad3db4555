/** A typed client of the inspector API, for the app (and tests). */
import type { ExchangeDetailDto, ExchangePageDto, SessionDto } from './wire-types.ts';

export class ApiClient {
  constructor(private readonly base = '') {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`);
    const body = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(body.error ?? `${path}: ${response.status}`);
    return body;
  }

  sessions(): Promise<SessionDto[]> {
    return this.get('/api/sessions');
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

  exchange(id: number): Promise<ExchangeDetailDto> {
    return this.get(`/api/exchanges/${id}`);
  }

  timeline(sessionId: number, atExchange?: number): Promise<unknown> {
    return this.get(`/api/sessions/${sessionId}/timeline${atExchange ? `?atExchange=${atExchange}` : ''}`);
  }
}
