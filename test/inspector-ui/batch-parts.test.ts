import { describe, expect, it } from 'vitest';
import { encodeBatchRequest, encodeBatchResponse } from '../../protocol/batch-messages.ts';
import { decodeBody } from '../../protocol/decode-body.ts';
import { subExchangesOf } from '../../inspector-ui/app/src/batch-parts.ts';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('a batch exchange in the detail', () => {
  it('lists each request part beside the answer at its position, and nothing for a plain exchange', () => {
    const request = encodeBatchRequest([
      { method: 'GET', target: '/ucwa/oauth/v1/applications/1/people/bob@contoso.com/presence', headers: [['Accept', 'application/json']] },
      { method: 'GET', target: '/ucwa/oauth/v1/applications/1/people/nobody@contoso.com', headers: [['Accept', 'application/json']] },
    ], 'ab12cd34');
    const response = encodeBatchResponse([
      { status: 200, statusText: 'OK', headers: [['Content-Type', 'application/json']], body: json({ rel: 'contactPresence', availability: 'Away', _links: { self: { href: '/ucwa/oauth/v1/applications/1/people/bob@contoso.com/presence' } } }) },
      { status: 404, statusText: 'Not Found', headers: [['Content-Type', 'application/json']], body: json({ code: 'NotFound', subcode: 'ResourceNotFound', message: 'nobody' }) },
    ], '9f8e7d6c');
    const req = decodeBody(request, { direction: 'request', method: 'POST', contentType: 'multipart/batching; boundary=ab12cd34' });
    const res = decodeBody(response, { direction: 'response', status: 200, contentType: 'multipart/batching; boundary=9f8e7d6c' });
    if (!req.ok || !res.ok) throw new Error('did not decode');
    // Through JSON, as the API sends decoded bodies.
    const parts = subExchangesOf(JSON.parse(JSON.stringify(req.body)), JSON.parse(JSON.stringify(res.body)));
    expect(parts).toEqual([
      { number: 1, method: 'GET', target: '/ucwa/oauth/v1/applications/1/people/bob@contoso.com/presence', status: 200, statusText: 'OK', answer: 'contactPresence' },
      { number: 2, method: 'GET', target: '/ucwa/oauth/v1/applications/1/people/nobody@contoso.com', status: 404, statusText: 'Not Found', answer: 'NotFound/ResourceNotFound' },
    ]);
    // A batch still waiting for its answer lists its parts without a status.
    expect(subExchangesOf(JSON.parse(JSON.stringify(req.body)), null).map((p) => [p.number, p.status])).toEqual([[1, null], [2, null]]);
    expect(subExchangesOf({ kind: 'resource' }, null)).toEqual([]);
  });
});
