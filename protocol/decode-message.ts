/**
 * Decodes one side of an HTTP message: the one place that builds a body's decode context
 * (Content-Type, method, URL, status), from a recorded exchange or from what a caller holds of a
 * live message, so every caller decodes alike.
 */
import { decodeBody } from './decode-body.ts';
import type { BodyContext, DecodeResult } from './decoded-body.ts';
import { headerValue, type HeaderPairs, type RecordedExchange, type RecordedResponse } from './exchange.ts';

export type MessageSide = 'request' | 'response';

/** One side of a message as the caller holds it; what it does not know it leaves out or undefined. */
export interface HttpMessage {
  readonly side: MessageSide;
  readonly body: Uint8Array | string;
  /** The message's headers; its Content-Type is read from them unless `contentType` is given. */
  readonly headers?: HeaderPairs | undefined;
  /** The Content-Type header's value, when the caller holds only that. */
  readonly contentType?: string | null | undefined;
  /** The request's method (for a response: the method of its request). */
  readonly method?: string | undefined;
  /** The request's URL, absolute or a path (for a response: its request's). */
  readonly url?: string | URL | undefined;
  /** A response's status. */
  readonly status?: number | null | undefined;
}

/** The response of an exchange, when one (or part of one) arrived. */
export function responseOf(exchange: RecordedExchange): RecordedResponse | null {
  return exchange.stage === 'initiated' ? null : exchange.response;
}

/** The side's body decoded (an empty body decodes to `empty`); null when the exchange has no response. */
export function decodeMessage(exchange: RecordedExchange, side: MessageSide): DecodeResult | null {
  const { request } = exchange;
  const response = side === 'response' ? responseOf(exchange) : null;
  if (side === 'response' && response === null) return null;
  const message = response ?? request;
  return decodeHttpMessage({ side, body: message.body, headers: message.headers, method: request.method, url: request.url, status: response?.status });
}

/** A message's body decoded by what is known of the message. */
export function decodeHttpMessage(message: HttpMessage): DecodeResult {
  const contentType = message.contentType ?? (message.headers ? headerValue(message.headers, 'content-type') : undefined);
  const url = message.url instanceof URL ? message.url.href : message.url;
  const context: BodyContext = {
    direction: message.side,
    ...(message.method !== undefined ? { method: message.method } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(message.status !== undefined && message.status !== null ? { status: message.status } : {}),
    ...(contentType !== undefined && contentType !== null ? { contentType } : {}),
  };
  return decodeBody(message.body, context);
}
