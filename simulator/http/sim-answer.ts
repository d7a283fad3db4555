/**
 * What the simulator reads and answers, with no socket: a request as a client sent it, and
 * either a response or an event poll held until the application has events for it.
 */
import type { HeaderPairs } from '../../protocol/exchange.ts';
import { OptionError } from '../../protocol/option-error.ts';

export interface SimulatorRequest {
  readonly method: string;
  /**
   * The URL the client asked for, or just its path and query (`/ucwa/…`). Only the path and
   * query count: the links the simulator serves name its public origin, never the request's.
   */
  readonly url: string;
  /** As sent: pairs, or a plain object. */
  readonly headers?: HeaderPairs | Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

export interface SimulatorResponse {
  readonly status: number;
  readonly statusText: string;
  /** In the order the simulator writes them, with a Content-Length that fits the body; without Date and Connection, which the HTTP server adds. */
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

export type ImmediateAnswer = { readonly kind: 'response' } & SimulatorResponse;

/**
 * `held`: an event poll, answered when events are due, its `timeout` passes, another poll
 * replaces it (409 PGetReplaced) or the application goes (410); `abandon()` when the client goes
 * away first, so its events wait for the next poll.
 */
export type SimulatorAnswer = ImmediateAnswer | { readonly kind: 'held'; readonly until: Promise<SimulatorResponse>; abandon(): void };

/**
 * An answer now, or later: a message that waits for messaging to connect, a batch whose parts
 * are answered in turn. Now when it can be, so a response is written before anything it set off.
 */
export type Reply = SimulatorAnswer | Promise<SimulatorAnswer>;

/** Request headers by lower-case name, as node:http gives them. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A request as the routes read it: the raw target (`/path?query` or absolute-form) and the body's bytes. */
export interface IncomingRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: RequestHeaders;
  readonly body: Uint8Array;
}

/** One header's value; the first of repeats. */
export function headerOf(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * A caller's request as the routes read it: header names in lower case (repeats joined by `, `,
 * as node:http joins them), a text body as UTF-8. Throws OptionError for a `url` that is neither
 * a URL nor a path.
 */
export function incomingOf(request: SimulatorRequest): IncomingRequest {
  if (!request.url.startsWith('/') && !URL.canParse(request.url))
    throw new OptionError('url', request.url, 'is neither a URL nor a path; give the URL the client asked for, such as /ucwa/oauth/v1/applications');
  const pairs: HeaderPairs = request.headers === undefined ? [] : Array.isArray(request.headers) ? (request.headers as HeaderPairs) : Object.entries(request.headers);
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  const body = request.body === undefined ? new Uint8Array(0) : typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  return { method: request.method, target: request.url, headers, body };
}
