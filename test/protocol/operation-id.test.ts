import { describe, expect, it } from 'vitest';
import type { CompletedExchange } from '../../protocol/exchange.ts';
import { operationIdOf } from '../../protocol/operation-id.ts';
import { inputsFromExchange } from '../../protocol/timeline/inputs-from-exchange.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const URL_BASE = 'https://fe1.contoso.com/ucwa/oauth/v1/applications/192/communication';

describe('the operationId of a request', () => {
  it('is read from the query, under either spelling, decoded', () => {
    expect(operationIdOf({ url: `${URL_BASE}/messaging/messages?operationId=a%2Fb%201` })).toBe('a/b 1');
    expect(operationIdOf({ url: `/c/messages?x=1&OperationContext=77` })).toBe('77');
    expect(operationIdOf({ url: new URL(`${URL_BASE}?operationid=9`) })).toBe('9');
  });

  it('is read from a JSON or XML input body when the query has none', () => {
    expect(operationIdOf({ url: `${URL_BASE}/startMessaging`, body: bytes('{"to":"sip:bob@contoso.com","operationId":"5d2f"}') })).toBe('5d2f');
    expect(operationIdOf({ url: `${URL_BASE}/startMessaging`, body: bytes('<input><property name="operationId">x-9</property></input>') })).toBe('x-9');
    expect(operationIdOf({ url: `${URL_BASE}/startMessaging?operationId=q`, body: bytes('{"operationId":"b"}') })).toBe('q');
  });

  it('is null when neither names one', () => {
    expect(operationIdOf({ url: `${URL_BASE}/startMessaging#operationId=1`, body: bytes('{"to":"sip:bob@contoso.com"}') })).toBeNull();
    expect(operationIdOf({ url: `${URL_BASE}?operationId=` })).toBeNull();
  });

  it('reaches the timeline from a body, as the replay reads it', () => {
    const exchange: CompletedExchange = {
      stage: 'completed',
      connectionId: 'c1',
      request: { method: 'POST', url: `${URL_BASE}/startMessaging`, httpVersion: '1.1', headers: [['Content-Type', 'application/json']], body: bytes('{"to":"sip:bob@contoso.com","operationId":"op-1"}'), bodySizeBytes: 49, bodyTruncated: false },
      response: { status: 201, statusText: 'Created', httpVersion: '1.1', headers: [], body: new Uint8Array(), bodySizeBytes: 0, bodyTruncated: false },
      error: null,
      timings: { startedAtMs: 1000, startedMonoMs: 0, requestSentMs: 1, firstByteMs: 2, endedMs: 3 },
    };
    expect(inputsFromExchange({ id: 1, seq: 1, exchange })[0]).toMatchObject({ kind: 'request', operationId: 'op-1' });
  });
});
