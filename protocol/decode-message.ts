/**
 * Decodes one side of a recorded exchange: the one place that builds a body's decode context
 * (Content-Type, method, URL, status) from the exchange itself, so every caller decodes alike.
 */
import { decodeBody } from './decode-body.ts';
import type { DecodeResult } from './decoded-body.ts';
import { headerValue, type RecordedExchange, type RecordedResponse } from './exchange.ts';

export type MessageSide = 'request' | 'response';

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
  const contentType = headerValue(message.headers, 'content-type');
  return decodeBody(message.body, {
    direction: side,
    method: request.method,
    url: request.url,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(response !== null ? { status: response.status } : {}),
  });
}
