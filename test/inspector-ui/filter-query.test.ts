import { describe, expect, it } from 'vitest';
import { parseExchangeQuery } from '../../inspector-ui/api/filter-query.ts';

describe('the exchange filter language', () => {
  it('reads fields, quoted text and bare words', () => {
    expect(parseExchangeQuery('method:post status:4xx rel:conversation conv:137 "Hi Tosh"')).toEqual({ ok: true, query: { method: 'POST', status: '4xx', rel: 'conversation', conv: '137', text: 'Hi Tosh' } });
    expect(parseExchangeQuery('href:/events error:yes lunch tomorrow')).toEqual({ ok: true, query: { href: '/events', error: true, text: 'lunch tomorrow' } });
    expect(parseExchangeQuery('status:400-499 from:2026-11-23T10:00:00Z')).toEqual({ ok: true, query: { status: '400-499', from: Date.parse('2026-11-23T10:00:00Z') } });
    expect(parseExchangeQuery('')).toEqual({ ok: true, query: {} });
    expect(parseExchangeQuery('has:lint method:get')).toEqual({ ok: true, query: { hasLint: true, method: 'GET' } });
  });

  it('names what is wrong', () => {
    expect(parseExchangeQuery('status:teapot')).toEqual({ ok: false, problem: 'status: takes 409, 4xx or 400-499, not "teapot"' });
    expect(parseExchangeQuery('error:maybe')).toEqual({ ok: false, problem: 'error: takes yes or no, not "maybe"' });
    expect(parseExchangeQuery('has:bugs')).toEqual({ ok: false, problem: 'has: takes lint (exchanges with catalogue lint findings), not "bugs"' });
    expect(parseExchangeQuery('rel:')).toEqual({ ok: false, problem: 'rel: needs a value' });
    expect(parseExchangeQuery('foo:bar')).toEqual({ ok: false, problem: '"foo:" is not a filter field; use method: status: rel: conv: href: error: has: from: to:, or put "foo:bar" in quotes to search for the text' });
  });

  it('searches for a quoted field-like word as text', () => {
    expect(parseExchangeQuery('"foo:bar"')).toEqual({ ok: true, query: { text: 'foo:bar' } });
  });
});
