/**
 * Compares recorded exchanges with bodies compared as bytes (vitest's deep equality walks a
 * large Uint8Array element by element, which takes seconds for a few megabytes).
 */
import { expect } from 'vitest';
import type { RecordedExchange } from '../../protocol/exchange.ts';

function withBodyDigests(exchange: RecordedExchange | undefined): unknown {
  if (exchange === undefined) return undefined;
  const digest = (body: Uint8Array): string => `${body.byteLength} bytes, ${Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64').slice(0, 40)}…`;
  const response = exchange.stage === 'initiated' ? undefined : exchange.response;
  return {
    ...exchange,
    request: { ...exchange.request, body: digest(exchange.request.body) },
    ...(response ? { response: { ...response, body: digest(response.body) } } : {}),
  };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function expectSameExchange(actual: RecordedExchange | undefined, expected: RecordedExchange | undefined): void {
  expect(withBodyDigests(actual)).toEqual(withBodyDigests(expected));
  if (actual === undefined || expected === undefined) return;
  expect(bytesEqual(actual.request.body, expected.request.body)).toBe(true);
  const a = actual.stage === 'initiated' ? null : actual.response;
  const b = expected.stage === 'initiated' ? null : expected.response;
  if (a && b) expect(bytesEqual(a.body, b.body)).toBe(true);
}
