/**
 * What the replay reads and answers, with no socket: a request as a client sent it, and either a
 * response or an event poll held until the replay has something to say.
 */
import { STATUS_CODES } from 'node:http';
import type { HeaderPairs } from '../protocol/exchange.ts';
import { OptionError } from '../protocol/option-error.ts';

export interface ReplayRequest {
  readonly method: string;
  /**
   * The URL the client asked for. Its origin is where the client reaches the replay: the links
   * the replay serves name it. A bare path (`/ucwa/…`) is taken as on `http://replay.invalid`.
   */
  readonly url: string;
  /** As sent: pairs (repeats kept, for the fallback), or a plain object. */
  readonly headers?: HeaderPairs | Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** Recorded with a fallback exchange; default `1.1`. */
  readonly httpVersion?: string;
}

export interface ReplayResponse {
  readonly status: number;
  readonly statusText: string;
  /** End-to-end headers only, with a Content-Length that fits the body. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

/**
 * `held`: an event poll, answered when a recorded batch is due, its timeout passes, another poll
 * replaces it, or the replay closes; `abandon()` when the client goes away first, so the batch
 * waits for the next poll.
 */
export type ReplayAnswer = ({ readonly kind: 'response' } & ReplayResponse) | { readonly kind: 'held'; readonly until: Promise<ReplayResponse>; abandon(): void };

/** Where a bare path is taken to be: a name that never resolves. */
export const NO_ORIGIN = 'http://replay.invalid';

/** A request's URL, a bare path taken as on `http://replay.invalid`; throws OptionError naming a URL that is neither. */
export function requestUrlOf(request: ReplayRequest): URL {
  try {
    // A path is glued to the origin: `new URL('//ucwa/x', origin)` would read `ucwa` as a host.
    return request.url.startsWith('/') ? new URL(`${NO_ORIGIN}${request.url}`) : new URL(request.url);
  } catch {
    throw new OptionError('url', request.url, 'is neither a URL nor a path; give the URL the client asked for, such as http://replay.test/ucwa/oauth/v1/applications');
  }
}

/** Header pairs of a request, whichever shape they came in. */
export function headerPairsOf(headers: ReplayRequest['headers']): HeaderPairs {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers as HeaderPairs;
  return Object.entries(headers as Readonly<Record<string, string>>);
}

export function bodyBytesOf(body: ReplayRequest['body']): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** A JSON error or status body of the replay's own, in the shape UCWA servers send. */
export function jsonResponse(status: number, value: unknown, extraHeaders: HeaderPairs = []): ReplayResponse {
  const body = new TextEncoder().encode(JSON.stringify(value));
  return { status, statusText: STATUS_CODES[status] ?? '', headers: [['Content-Type', 'application/json; charset=utf-8'], ...extraHeaders, ['Content-Length', String(body.byteLength)]], body };
}
