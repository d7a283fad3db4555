import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { headerValue } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-import-formats-');
afterAll(() => tmp.cleanup());

const APP = '/ucwa/oauth/v1/applications/2718281';
const HOST = 'lyncweb.contoso.com';
const TOKEN = 'cwt=AAEBHAEFAAAAAAAFFQAAAMgl2X4p-fiddler';

/** An event batch shaped like Lync's: an incoming IM invitation from an invented colleague. */
const EVENTS = JSON.stringify({
  _links: { self: { href: `${APP}/events?ack=1` }, next: { href: `${APP}/events?ack=2` } },
  sender: [
    {
      rel: 'communication',
      href: `${APP}/communication`,
      events: [
        {
          link: { rel: 'messagingInvitation', href: `${APP}/communication/messagingInvitations/7f3a` },
          _embedded: {
            messagingInvitation: {
              direction: 'Incoming',
              state: 'Connecting',
              subject: 'Quarterly numbers',
              _links: { self: { href: `${APP}/communication/messagingInvitations/7f3a` }, conversation: { href: `${APP}/communication/conversations/c41` } },
            },
          },
          type: 'started',
        },
      ],
    },
  ],
});

function chunked(body: Uint8Array): Buffer {
  const half = Math.floor(body.length / 2);
  const parts = [body.subarray(0, half), body.subarray(half)];
  return Buffer.concat([...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), Buffer.from(p), Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
}

const meta = (sid: number, begin: string, serverBegin: string, done: string, port: number) =>
  `<?xml version="1.0" encoding="utf-8"?>\r\n<Session SID="${sid}" BitFlags="0"><SessionTimers ClientConnected="${begin}" ClientBeginRequest="${begin}" GotRequestHeaders="${begin}" ClientDoneRequest="${begin}" ServerConnected="${begin}" FiddlerBeginRequest="${begin}" ServerGotRequest="2013-05-02T10:11:12.1500000+02:00" ServerBeginResponse="${serverBegin}" GotResponseHeaders="${serverBegin}" ServerDoneResponse="${done}" ClientBeginResponse="${serverBegin}" ClientDoneResponse="${done}" GatewayDeterminationTime="0" DNSTime="0" TCPConnectTime="0" HTTPSHandshakeTime="0" /><SessionFlags><SessionFlag N="x-clientip" V="192.0.2.10" /><SessionFlag N="x-clientport" V="${port}" /><SessionFlag N="x-processinfo" V="lync:4242" /></SessionFlags></Session>`;

/** A Fiddler archive as Fiddler saves one: a CONNECT tunnel, a chunked+gzip event batch, a POST with a folded header and a 204 without a reason phrase. */
function buildSaz(): Uint8Array {
  const gz = gzipSync(Buffer.from(EVENTS));
  const eventsResponse = Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nX-MS-Correlation-Id: 2147490000\r\n\r\n'),
    chunked(gz),
  ]);
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="utf-8" ?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="htm" ContentType="text/html" /></Types>'),
    'raw/01_c.txt': strToU8(`CONNECT ${HOST}:443 HTTP/1.1\r\nHost: ${HOST}:443\r\nConnection: keep-alive\r\n\r\n`),
    'raw/01_s.txt': strToU8('HTTP/1.1 200 Connection Established\r\nFiddlerGateway: Direct\r\n\r\n'),
    'raw/01_m.xml': strToU8(meta(1, '2013-05-02T10:11:12.0000000+02:00', '2013-05-02T10:11:12.0100000+02:00', '2013-05-02T10:11:12.0200000+02:00', 50000)),
    'raw/02_c.txt': strToU8(`GET https://${HOST}${APP}/events?ack=1 HTTP/1.1\r\nHost: ${HOST}\r\nAuthorization: Bearer ${TOKEN}\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n\r\n`),
    'raw/02_s.txt': new Uint8Array(eventsResponse),
    'raw/02_m.xml': strToU8(meta(2, '2013-05-02T10:11:12.1234567+02:00', '2013-05-02T10:11:13.6234567+02:00', '2013-05-02T10:11:13.7234567+02:00', 50001)),
    'raw/03_c.txt': strToU8(`POST https://${HOST}${APP}/communication/conversations/c41/messaging/messages HTTP/1.1\r\nHost: ${HOST}\r\nAuthorization: Bearer ${TOKEN}\r\nX-Client-Note: first part\r\n  continued here\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`),
    'raw/03_s.txt': strToU8('HTTP/1.1 204\r\nX-MS-Correlation-Id: 2147490001\r\n\r\n'),
    'raw/03_m.xml': strToU8(meta(3, '2013-05-02T10:11:14.0000000+02:00', '2013-05-02T10:11:14.2000000+02:00', '2013-05-02T10:11:14.2500000+02:00', 50001)),
  });
}

describe('importing a Fiddler archive (.saz)', () => {
  const saz = tmp.path('lync-sign-in.saz');
  const db = tmp.path('saz.db');

  it('reads it by content, skips and counts the CONNECT tunnel, and keeps absolute URLs', async () => {
    // No .saz extension needed: the zip magic tells.
    writeFileSync(saz, buildSaz());
    const run = await runCli(['import', saz, '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`imported ${saz} (saz) as session 1 "lync-sign-in": 2 exchanges, 1 events, 1 conversations; skipped 1 CONNECT tunnel session; secrets redacted\n`);
    const store = RecordingStore.open(db, { readOnly: true });
    const [events, post] = [...store.iterateExchanges(1)].map((r) => r.exchange);
    store.close();
    expect(events?.request.url).toBe(`https://${HOST}${APP}/events?ack=1`);
    expect(post?.request.url).toBe(`https://${HOST}${APP}/communication/conversations/c41/messaging/messages`);
  });

  it('stores the body de-chunked and gunzipped, with headers that match it and the change noted', () => {
    const store = RecordingStore.open(db, { readOnly: true });
    const [row] = [...store.iterateExchanges(1)];
    store.close();
    const exchange = row?.exchange;
    if (exchange?.stage !== 'completed') throw new Error('expected a completed exchange');
    expect(Buffer.from(exchange.response.body).toString('utf8')).toBe(EVENTS);
    expect(headerValue(exchange.response.headers, 'content-encoding')).toBeUndefined();
    expect(headerValue(exchange.response.headers, 'transfer-encoding')).toBeUndefined();
    expect(row?.redactions).toEqual(expect.arrayContaining(['response body de-chunked on import (Transfer-Encoding header removed)', 'response body gzip-decoded on import (Content-Encoding header removed)']));
  });

  it('takes timings from the session timers and redacts the bearer token', () => {
    const store = RecordingStore.open(db, { readOnly: true });
    const [events, post] = [...store.iterateExchanges(1)].map((r) => r.exchange);
    store.close();
    expect(events?.timings.startedAtMs).toBe(Date.parse('2013-05-02T08:11:12.123Z'));
    expect(events?.timings.firstByteMs).toBe(1500);
    expect(events?.timings.endedMs).toBe(1600);
    expect(events?.connectionId).toBe('192.0.2.10:50001');
    expect(headerValue(events?.request.headers ?? [], 'authorization')).toBe('Bearer REDACTED-1');
    expect(headerValue(post?.request.headers ?? [], 'authorization')).toBe('Bearer REDACTED-1');
    expect(headerValue(post?.request.headers ?? [], 'x-client-note')).toBe('first part continued here');
    expect(Buffer.from(post?.request.body ?? []).toString()).toBe('hello');
    if (post?.stage !== 'completed') throw new Error('expected a completed exchange');
    expect([post.response.status, post.response.statusText, post.response.body.byteLength]).toEqual([204, '', 0]);
  });

  it('refuses a zip that is not a Fiddler archive, naming the file', async () => {
    const zip = tmp.path('photos.zip');
    writeFileSync(zip, zipSync({ 'holiday.txt': strToU8('sun') }));
    const run = await runCli(['import', zip, '--db', tmp.path('none.db')]);
    expect([run.code, run.stderr.trimEnd()]).toEqual([1, `ucwa-inspector import: ${zip} is a zip file but not a Fiddler archive: it has no raw/NN_c.txt entries. Save the sessions from Fiddler with File > Save > All Sessions.`]);
  });
});

describe('importing a log of event-channel bodies', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../recordings/incoming-chat-json.json', import.meta.url), 'utf8')) as {
    exchanges: { request: { url: string }; response: { status: number; body: { text?: string; base64?: string } } | null }[];
  };
  const bodies = fixture.exchanges
    .filter((x) => /\/events\?/.test(x.request.url) && x.response?.status === 200)
    .map((x) => x.response?.body.text ?? Buffer.from(x.response?.body.base64 ?? '', 'base64').toString('utf8'));

  it.each([
    ['one body after another', 'bot.log', () => bodies.join('\n')],
    ['a JSON array', 'bot.json', () => `[${bodies.join(',\n')}]`],
  ])('imports %s as reconstructed event-channel exchanges whose timeline reads', async (_kind, name, content) => {
    const file = tmp.path(name);
    const db = tmp.path(`${name}.db`);
    writeFileSync(file, content());
    const run = await runCli(['import', file, '--db', db]);
    expect(run.stdout).toMatch(new RegExp(`\\(event-log\\) as session 1 "bot": ${bodies.length} exchanges, \\d+ events, 1 conversations`));
    const store = RecordingStore.open(db, { readOnly: true });
    const rows = [...store.iterateExchanges(1)];
    store.close();
    expect(rows.every((r) => r.exchange.reconstructed === true && r.exchange.request.headers.length === 0)).toBe(true);
    // No invented host: the URL is the href the body itself gave.
    expect(rows[0]?.exchange.request.url).toMatch(/^\/ucwa\/oauth\/v1\/applications\/[^/]+\/events\?ack=1$/);
    const store2 = RecordingStore.open(db, { readOnly: true });
    try {
      const detail = (await (await createInspectorApp({ store: store2 }).request(`/api/exchanges/${rows[0]?.id}`)).json()) as ExchangeDetailDto;
      expect([detail.reconstructed, detail.curl, detail.requestHeaders]).toEqual(['reconstructed from an event log: request not captured', null, []]);
    } finally {
      store2.close();
    }
    // The marker travels with exports, so a shared fixture still says the requests were never captured.
    const exported = await runCli(['export', '--db', db, '--session', '1', '--format', 'har']);
    expect((JSON.parse(exported.stdout) as { log: { entries: { _ucwa: { reconstructed?: boolean } }[] } }).log.entries.every((e) => e._ucwa.reconstructed === true)).toBe(true);
    const timeline = await runCli(['timeline', '--db', db, '--session', '1']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toMatch(/state - -> Incoming/);
    expect(timeline.stdout).toMatch(/message in {2}"Hi Alice, got a minute\?" {2}from Bob Barker/);
  });
});

describe('import states', () => {
  const body = JSON.stringify({ _links: { self: { href: `${APP}/people/contacts` } }, padding: 'x'.repeat(1000) });
  const har = (entries: number) =>
    JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: Array.from({ length: entries }, (_, i) => ({
          startedDateTime: new Date(Date.UTC(2024, 2, 4, 9, 0, 0, i)).toISOString(),
          time: 12,
          request: { method: 'GET', url: `https://${HOST}${APP}/people/contacts?page=${i}`, httpVersion: 'HTTP/1.1', headers: [{ name: 'Accept', value: 'application/json' }], cookies: [], queryString: [], headersSize: -1, bodySize: 0 },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/1.1',
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            cookies: [],
            content: { size: body.length, mimeType: 'application/json', text: body },
            redirectURL: '',
            headersSize: -1,
            bodySize: body.length,
          },
          cache: {},
          timings: { send: 1, wait: 10, receive: 1 },
        })),
      },
    });

  it('refuses a file imported before, unless --again or --replace says which', async () => {
    const file = tmp.path('twice.har');
    const db = tmp.path('twice.db');
    writeFileSync(file, har(3));
    expect((await runCli(['import', file, '--db', db])).code).toBe(0);
    const second = await runCli(['import', file, '--db', db]);
    expect([second.code, second.stderr.trimEnd()]).toEqual([
      1,
      `ucwa-inspector import: ${file} was imported before, as session 1 "twice". Nothing was imported; add --again to import it as another session, or --replace to replace the earlier one.`,
    ]);
    expect((await runCli(['import', file, '--db', db, '--again'])).stdout).toMatch(/as session 2 "twice": 3 exchanges/);
    expect((await runCli(['import', file, '--db', db, '--replace'])).stdout).toMatch(/as session 3 "twice": 3 exchanges/);
    const store = RecordingStore.open(db, { readOnly: true });
    const sessions = store.listSessions();
    store.close();
    // --replace removed both earlier imports of the same bytes; what is left is complete and carries the file's hash.
    expect(sessions.map((s) => [s.id, s.exchangeCount, s.import?.complete])).toEqual([[3, 3, true]]);
    expect(sessions[0]?.import?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves a killed import marked incomplete, and sessions says it was cut off', async () => {
    const file = tmp.path('large.har');
    const db = tmp.path('killed.db');
    const total = 40_000;
    writeFileSync(file, har(total));
    const { spawn } = await import('node:child_process');
    const { CLI_FROM_SOURCE } = await import('../support/cli-process.ts');
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'import', file, '--db', db], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let seen = 0;
    // Kill it once some chunks have landed and before the last has: the session then holds part of the file.
    for (let i = 0; i < 6000 && seen === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        const store = RecordingStore.open(db, { readOnly: true, busyTimeoutMs: 50 });
        const session = store.listSessions()[0];
        store.close();
        if (session && session.exchangeCount > 0 && session.import?.complete === false) seen = session.exchangeCount;
      } catch {
        // The file is being created: try again.
      }
    }
    child.kill('SIGKILL');
    await exited;
    expect(seen).toBeGreaterThan(0);
    const store = RecordingStore.open(db);
    const [session] = store.listSessions();
    store.close();
    expect(session?.import).toMatchObject({ complete: false, expectedCount: total });
    expect(session?.exchangeCount).toBeLessThan(total);
    const listed = await runCli(['sessions', '--db', db]);
    expect(listed.stdout).toContain(`import cut off after ${(session?.exchangeCount ?? 0).toLocaleString('en-US')} of 40,000`);
  }, 120_000);
});
