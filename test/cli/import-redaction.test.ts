import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-import-redaction-');
afterAll(() => tmp.cleanup());

const HOST = 'https://lyncweb.fabrikam.example';
const APP = '/ucwa/oauth/v1/applications/31415';
/** Every secret a browser's HAR of a Lync web client carries; none may survive a default import. */
const SECRETS = {
  bearer: 'cwt=AAEBHAEFAAAAAAAFFQAAAbearer',
  password: 'Sommer2024!zebra',
  oauthResponse: 'cwt=AAEBHAEFAAAAAAAFFQAAAissued',
  urlToken: 'cwt=AAEBHAEFurltoken',
  formToken: 'cwt=AAEBHAEFformtoken',
  webTicket: 'opaque-webticket-7f7f7f',
  proxyAuth: 'dXNlcjpwcm94eXNlY3JldA==',
  tenantKey: 'tenant-secret-42',
  pin: '918273',
} as const;

const entry = (method: string, url: string, headers: [string, string][], requestBody: { mimeType: string; text: string } | null, responseText: string, responseType = 'application/json') => ({
  startedDateTime: '2024-03-04T09:00:00.000Z',
  time: 20,
  request: { method, url, httpVersion: 'HTTP/1.1', headers: headers.map(([name, value]) => ({ name, value })), cookies: [], queryString: [], headersSize: -1, bodySize: requestBody?.text.length ?? 0, ...(requestBody ? { postData: requestBody } : {}) },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    headers: [{ name: 'Content-Type', value: responseType }],
    cookies: [],
    content: { size: Buffer.byteLength(responseText), mimeType: responseType, text: responseText },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  },
  cache: {},
  timings: { send: 1, wait: 15, receive: 4 },
});

const HAR = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    entries: [
      entry('POST', `${HOST}/WebTicket/oauthtoken`, [['Content-Type', 'application/x-www-form-urlencoded']], { mimeType: 'application/x-www-form-urlencoded', text: `grant_type=password&username=dana%40fabrikam.example&password=${encodeURIComponent(SECRETS.password)}` }, JSON.stringify({ access_token: SECRETS.oauthResponse, expires_in: 28800, token_type: 'Bearer' })),
      entry(
        'GET',
        `${HOST}${APP}/events?ack=1&access_token=${encodeURIComponent(SECRETS.urlToken)}`,
        [
          ['Authorization', `Bearer ${SECRETS.bearer}`],
          ['X-MS-WebTicket', SECRETS.webTicket],
          ['Proxy-Authorization', `Basic ${SECRETS.proxyAuth}`],
          ['X-Tenant-Key', SECRETS.tenantKey],
        ],
        null,
        JSON.stringify({ _links: { self: { href: `${APP}/events?ack=1` }, next: { href: `${APP}/events?ack=2` } }, sender: [] }),
      ),
      entry('POST', `${HOST}${APP}/me/reportMyActivity`, [['Authorization', `Bearer ${SECRETS.bearer}`], ['Content-Type', 'application/x-www-form-urlencoded']], { mimeType: 'application/x-www-form-urlencoded', text: `access_token=${encodeURIComponent(SECRETS.formToken)}&ms_pin=${SECRETS.pin}&activity=online` }, ''),
    ],
  },
});

const harFile = tmp.path('lync-web.har');
writeFileSync(harFile, HAR);
const found = (text: string) => Object.entries(SECRETS).filter(([, secret]) => text.includes(secret) || text.includes(encodeURIComponent(secret)));

describe('import redacts secrets by default, with the placeholders recording uses', () => {
  const db = tmp.path('redacted.db');

  it('keeps no secret in the database file, with the built-in names and the ones given on the command line', async () => {
    const run = await runCli(['import', harFile, '--db', db, '--redact-header', 'X-Tenant-Key', '--redact-param', 'ms_pin']);
    expect(run.stdout).toMatch(/as session 1 "lync-web": 3 exchanges, .*; secrets redacted\n$/);
    expect(found(readFileSync(db).toString('latin1'))).toEqual([]);
    const store = RecordingStore.open(db, { readOnly: true });
    const [token, events, activity] = [...store.iterateExchanges(1)];
    store.close();
    // Placeholders are numbered in the order secrets appear: the token request's password and issued token first.
    expect(events?.exchange.request.headers).toEqual([
      ['Authorization', 'Bearer REDACTED-3'],
      ['X-MS-WebTicket', 'REDACTED-4'],
      ['Proxy-Authorization', 'Basic REDACTED-5'],
      ['X-Tenant-Key', 'REDACTED-6'],
    ]);
    expect(events?.exchange.request.url).toBe(`${HOST}${APP}/events?ack=1&access_token=REDACTED-7`);
    expect(Buffer.from(activity?.exchange.request.body ?? []).toString()).toBe('access_token=REDACTED-8&ms_pin=REDACTED-9&activity=online');
    expect(activity?.exchange.request.headers).toContainEqual(['Authorization', 'Bearer REDACTED-3']);
    expect(token?.redactions).toEqual(['request body password', 'response body access_token']);
  });

  it('keeps no secret in a fixture export or a HAR export', async () => {
    const fixture = await runCli(['export', '--db', db, '--session', '1', '--format', 'fixture']);
    const har = await runCli(['export', '--db', db, '--session', '1', '--format', 'har']);
    expect(fixture.stdout).toContain('access_token=REDACTED-7');
    expect(har.stdout).toContain('access_token=REDACTED-7');
    expect([found(fixture.stdout), found(har.stdout)]).toEqual([[], []]);
  });

  it('keeps no secret in the UI API, copy-as-curl included', async () => {
    const store = RecordingStore.open(db, { readOnly: true });
    try {
      const app = createInspectorApp({ store });
      for (const { id } of store.iterateExchanges(1)) {
        const text = await (await app.request(`/api/exchanges/${id}`)).text();
        expect(found(text)).toEqual([]);
        const detail = JSON.parse(text) as ExchangeDetailDto;
        expect(detail.reconstructed).toBeNull();
        if (detail.row.url.includes('/events')) expect(detail.curl).toContain("-H 'X-MS-WebTicket: REDACTED-4'");
      }
    } finally {
      store.close();
    }
  });

  it('keeps every secret with --no-redact', async () => {
    const kept = tmp.path('kept.db');
    const run = await runCli(['import', harFile, '--db', kept, '--no-redact']);
    expect(run.stdout).toMatch(/secrets kept \(--no-redact\)\n$/);
    const har = await runCli(['export', '--db', kept, '--session', '1', '--format', 'har']);
    expect(found(har.stdout).map(([name]) => name)).toEqual(Object.keys(SECRETS));
  });
});

describe('a HAR entry that does not hold together is refused by name', () => {
  const broken = (change: (entries: Record<string, Record<string, Record<string, unknown>>>[]) => void): string => {
    const har = JSON.parse(HAR) as { log: { entries: Record<string, Record<string, Record<string, unknown>>>[] } };
    change(har.log.entries);
    const file = tmp.path(`broken-${Math.random().toString(36).slice(2)}.har`);
    writeFileSync(file, JSON.stringify(har));
    return file;
  };

  it('names the entry, its request and the bad base64', async () => {
    const file = broken((entries) => {
      const content = entries[1]?.['response']?.['content'] as Record<string, unknown>;
      Object.assign(content, { encoding: 'base64', text: 'eyJfbGlua3MiOnt9fQ==*not*base64', size: 14 });
    });
    const run = await runCli(['import', file, '--db', tmp.path('bad.db')]);
    expect([run.code, run.stderr.trimEnd()]).toEqual([
      1,
      `ucwa-inspector import: ${file} is not a valid HAR 1.2 file: log.entries[1] (GET ${HOST}${APP}/events?ack=1&access_token=${encodeURIComponent(SECRETS.urlToken)}) response.content.text: is marked base64 but is not valid base64. Nothing was imported.`,
    ]);
  });

  it('names the entry, its request and the size that does not match', async () => {
    const file = broken((entries) => {
      (entries[0]?.['response']?.['content'] as Record<string, unknown>)['size'] = 9999;
    });
    const run = await runCli(['import', file, '--db', tmp.path('bad.db')]);
    expect(run.stderr).toMatch(/log\.entries\[0\] \(POST https:\/\/lyncweb\.fabrikam\.example\/WebTicket\/oauthtoken\) response\.content\.size: says 9999 bytes but content\.text holds \d+ bytes\. Nothing was imported\.\n$/);
    expect((await runCli(['sessions', '--db', tmp.path('bad.db')])).code).not.toBe(0);
  });
});
