import { describe, expect, it } from 'vitest';
import { decodeHttpMessage, decodeMessage } from '../../protocol/decode-message.ts';
import type { RecordedExchange, RecordedRequest } from '../../protocol/exchange.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const timings = { startedAtMs: 1_700_000_000_000, startedMonoMs: 0, requestSentMs: 1, firstByteMs: 2, endedMs: 3 };

function request(method: string, url: string, body = '', contentType?: string): RecordedRequest {
  const bytes = encode(body);
  return { method, url, httpVersion: '1.1', headers: contentType ? [['Content-Type', contentType]] : [], body: bytes, bodySizeBytes: bytes.byteLength, bodyTruncated: false };
}

function completed(req: RecordedRequest, status: number, body: string, contentType: string): RecordedExchange {
  const bytes = encode(body);
  return { stage: 'completed', connectionId: 'c1', request: req, timings, error: null, response: { status, statusText: '', httpVersion: '1.1', headers: [['content-type', contentType]], body: bytes, bodySizeBytes: bytes.byteLength, bodyTruncated: false } };
}

describe('decodeMessage', () => {
  it('decodes a response with its request URL and its status: an event batch without a self link is known by its events URL, a 204 with a body is warned about', () => {
    const poll = completed(request('GET', 'https://h/ucwa/v1/applications/1/events?ack=7'), 200, '{"_links":{"next":{"href":"/ucwa/v1/applications/1/events?ack=8"}}}', 'application/json');
    const events = decodeMessage(poll, 'response');
    expect(events?.ok && events.body.kind).toBe('events');
    expect(events?.ok && events.body.kind === 'events' ? events.body.batch.next?.ack : null).toBe(8);
    const odd = decodeMessage(completed(request('DELETE', 'https://h/a'), 204, '{}', 'application/json'), 'response');
    expect(odd?.ok ? odd.warnings : []).toEqual(['a 204 response should have no body, but this one has 2 bytes']);
  });

  it('decodes a request by its own Content-Type, and has no response to decode while the exchange is pending', () => {
    const pending: RecordedExchange = { stage: 'initiated', connectionId: 'c1', request: request('POST', 'https://h/m', 'Hi there', 'text/plain'), timings };
    expect(decodeMessage(pending, 'request')).toMatchObject({ ok: true, body: { kind: 'message-text', text: 'Hi there' } });
    expect(decodeMessage(pending, 'response')).toBeNull();
  });
});

describe('decodeHttpMessage', () => {
  it('decodes a live message from what its caller holds: Content-Type from its headers or given alone, a URL object, an unknown status', () => {
    const batch = encode('{"_links":{"next":{"href":"/ucwa/v1/applications/1/events?ack=8"}}}');
    const byHeaders = decodeHttpMessage({ side: 'response', body: batch, headers: [['Content-Type', 'application/json']], url: new URL('https://h/ucwa/v1/applications/1/events?ack=7'), status: 200 });
    expect(byHeaders.ok && byHeaders.body.kind).toBe('events');
    const byValue = decodeHttpMessage({ side: 'response', body: batch, contentType: 'application/json', url: '/ucwa/v1/applications/1/events?ack=7', status: null });
    expect(byValue).toEqual(byHeaders);
    const form = decodeHttpMessage({ side: 'request', body: 'grant_type=password&username=a', contentType: null, method: 'POST' });
    expect(form).toMatchObject({ ok: true, body: { kind: 'form' }, warnings: ['no Content-Type; the body reads as a URL-encoded form by its first characters'] });
  });
});
