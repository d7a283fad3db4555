import { afterAll, describe, expect, it } from 'vitest';
import { headerValue, type RecordedExchange } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-redaction-');
afterAll(() => tmp.cleanup());

const TOKEN = 'cwt=AAEBHAEFAAAAAAAFFQAAAMgl2X4p';
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

async function record(name: string, redact?: boolean): Promise<RecordedExchange[]> {
  const store = RecordingStore.open(tmp.path(name), { create: true });
  const recorder = await store.startSession({ mode: 'reverse', ...(redact === undefined ? {} : { redact }) });
  for (const exchange of makeConversationTraffic({ accessToken: TOKEN, password: 'Tr0ub4dor&3' })) recorder.record(exchange);
  await recorder.end();
  const stored = [...store.iterateExchanges(recorder.sessionId)].map((r) => r.exchange);
  store.close();
  return stored;
}

function everything(exchange: RecordedExchange): string {
  const response = exchange.stage === 'initiated' ? null : exchange.response;
  return [JSON.stringify(exchange.request.headers), text(exchange.request.body), JSON.stringify(response?.headers ?? []), response ? text(response.body) : ''].join('\n');
}

describe('redaction at record time (on by default)', () => {
  it('replaces the bearer token, cookies, the OAuth token and the password with placeholders', async () => {
    const stored = await record('on.db');
    const all = stored.map(everything).join('\n');
    expect(all).not.toContain('AAEBHAEFAAAAAAAFFQAAAMgl2X4p');
    expect(all).not.toContain('SESSIONCOOKIE123');
    expect(all).not.toContain('Tr0ub4dor');
    expect(all).toMatch(/REDACTED-\d+/);
  });

  it('gives the same secret the same placeholder everywhere in the session, so requests still match their token', async () => {
    const stored = await record('stable.db');
    const tokenResponse = stored.find((x) => x.request.url.endsWith('/oauthtoken') && x.stage === 'completed');
    const issued = /"access_token"\s*:\s*"([^"]+)"/.exec(tokenResponse && tokenResponse.stage !== 'initiated' && tokenResponse.response ? text(tokenResponse.response.body) : '')?.[1];
    expect(issued).toMatch(/^REDACTED-\d+$/);
    const authorizations = stored.map((x) => headerValue(x.request.headers, 'authorization')).filter((v): v is string => v !== undefined);
    expect(authorizations.length).toBeGreaterThan(5);
    // The header is "Bearer <token>": the token part is the placeholder the token response got.
    expect(new Set(authorizations.map((v) => v.replace(/^Bearer\s+/i, '')))).toEqual(new Set([issued]));
    const form = stored.find((x) => x.request.method === 'POST' && x.request.url.endsWith('/oauthtoken'));
    expect(text(form?.request.body ?? new Uint8Array())).toMatch(/password=REDACTED-\d+/);
  });

  it('keeps Content-Length and the recorded size consistent with the redacted body', async () => {
    for (const exchange of await record('length.db')) {
      const declared = headerValue(exchange.request.headers, 'content-length');
      if (declared !== undefined) expect(Number(declared)).toBe(exchange.request.body.byteLength);
      expect(exchange.request.bodySizeBytes).toBe(exchange.request.body.byteLength);
    }
  });

  it('is off with redact: false: every byte as it passed', async () => {
    const stored = await record('off.db', false);
    const all = stored.map(everything).join('\n');
    expect(all).toContain('AAEBHAEFAAAAAAAFFQAAAMgl2X4p');
    expect(all).toContain('Tr0ub4dor%263');
    expect(all).not.toMatch(/REDACTED-\d+/);
  });
});

describe('redaction rules a user adds, and the secrets servers carry outside Authorization', () => {
  it('redacts X-MS-WebTicket, URL access_token and the named header and parameter while recording', async () => {
    const store = RecordingStore.open(tmp.path('rules.db'), { create: true });
    const recorder = await store.startSession({ mode: 'reverse', redactRules: { headers: ['X-Tenant-Key'], params: ['ms_pin'] } }, { thread: false });
    const [first] = makeConversationTraffic({ accessToken: TOKEN });
    if (!first) throw new Error('no traffic');
    recorder.record({
      ...first,
      request: {
        ...first.request,
        url: 'https://fe1.contoso.com/ucwa/oauth/v1/applications/7/events?ack=1&access_token=cwt%3Durl-secret&ms_pin=4711',
        headers: [['X-MS-WebTicket', 'ticket-secret'], ['X-Tenant-Key', 'tenant-secret'], ['Accept', 'application/json']],
      },
    });
    await recorder.end();
    const [stored] = [...store.iterateExchanges(recorder.sessionId)];
    store.close();
    expect(stored?.exchange.request.url).toBe('https://fe1.contoso.com/ucwa/oauth/v1/applications/7/events?ack=1&access_token=REDACTED-3&ms_pin=REDACTED-4');
    expect(stored?.exchange.request.headers).toEqual([['X-MS-WebTicket', 'REDACTED-1'], ['X-Tenant-Key', 'REDACTED-2'], ['Accept', 'application/json']]);
    expect(stored?.redactions).toEqual(expect.arrayContaining(['request URL access_token', 'request URL ms_pin', 'request header X-MS-WebTicket', 'request header X-Tenant-Key']));
  });
});
