/**
 * Realistic recorded UCWA exchanges for storage tests and benches: a scripted sign-in and IM
 * conversation whose bodies are the reference corpus samples (re-addressed per application), plus
 * event batches in the walkthroughs' shape, a token exchange, an error, a reset, a photo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AbortedExchange, CompletedExchange, HeaderPairs, InitiatedExchange, RecordedExchange } from '../../protocol/exchange.ts';
import { encodeDataUri } from '../../protocol/data-uri.ts';
import { ucwaCorpusDir } from './corpus-path.ts';

const encoder = new TextEncoder();
const sampleCache = new Map<string, string>();

/** A sample body from `test/corpus/ucwa/samples`, as text. */
export function sampleText(name: string): string {
  let text = sampleCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(ucwaCorpusDir, 'samples', name), 'utf8');
    sampleCache.set(name, text);
  }
  return text;
}

export const HOST = 'https://fe1.contoso.com';
const JSON_TYPE = 'application/vnd.microsoft.com.ucwa+json; charset=utf-8';
const XML_TYPE = 'application/vnd.microsoft.com.ucwa+xml; charset=utf-8';

export interface ExchangeSpec {
  readonly method?: string;
  readonly url?: string;
  readonly requestHeaders?: HeaderPairs;
  readonly requestBody?: string | Uint8Array;
  readonly status?: number;
  readonly statusText?: string;
  readonly responseHeaders?: HeaderPairs;
  readonly responseBody?: string | Uint8Array;
  readonly startedAtMs?: number;
  readonly durationMs?: number;
  readonly connectionId?: string;
}

function bytes(body: string | Uint8Array | undefined): Uint8Array {
  return body === undefined ? new Uint8Array(0) : typeof body === 'string' ? encoder.encode(body) : body;
}

/** A completed exchange with sensible defaults: a GET of the application answered 200 with a JSON body. */
export function makeExchange(spec: ExchangeSpec = {}): CompletedExchange {
  const requestBody = bytes(spec.requestBody);
  const responseBody = bytes(spec.responseBody ?? sampleText('application.get.response.json'));
  const startedAtMs = spec.startedAtMs ?? 1_700_000_000_000;
  const durationMs = spec.durationMs ?? 12.5;
  return {
    stage: 'completed',
    connectionId: spec.connectionId ?? 'c1',
    request: {
      method: spec.method ?? 'GET',
      url: spec.url ?? `${HOST}/ucwa/v1/applications/192`,
      httpVersion: '1.1',
      headers: spec.requestHeaders ?? [
        ['Host', 'fe1.contoso.com'],
        ['Accept', 'application/json'],
        ['Authorization', 'Bearer cwt=AAEBHAEFAAAAAAAFFQAAAM'],
      ],
      body: requestBody,
      bodySizeBytes: requestBody.byteLength,
      bodyTruncated: false,
    },
    response: {
      status: spec.status ?? 200,
      statusText: spec.statusText ?? 'OK',
      httpVersion: '1.1',
      headers: spec.responseHeaders ?? [
        ['Content-Type', JSON_TYPE],
        ['Content-Length', String(responseBody.byteLength)],
        ['X-MS-Server-Fqdn', 'fe1.contoso.com'],
      ],
      body: responseBody,
      bodySizeBytes: responseBody.byteLength,
      bodyTruncated: false,
    },
    timings: { startedAtMs, startedMonoMs: 5000.25, requestSentMs: 0.4, firstByteMs: Math.max(0, durationMs - 1), endedMs: durationMs },
    error: null,
  };
}

/** The initiated stage of an exchange: what the proxy knows when the request starts. */
export function initiated(exchange: RecordedExchange): InitiatedExchange {
  return {
    stage: 'initiated',
    connectionId: exchange.connectionId,
    request: exchange.request,
    timings: { ...exchange.timings, firstByteMs: null, endedMs: null },
  };
}

export interface TrafficOptions {
  /** Application number in the hrefs, so flows from several runs do not share hrefs. Default 192. */
  readonly app?: number;
  /** Conversation number in the hrefs. Default 137. */
  readonly conversation?: number;
  readonly startedAtMs?: number;
  /** Multiplies the gaps between exchanges and their durations; 0 puts them all in the same millisecond. Default 1. */
  readonly timeScale?: number;
  /** IM text the remote party sends. */
  readonly incomingText?: string;
  /** IM text the local user sends. */
  readonly outgoingText?: string;
  /** The access token the token endpoint issues. */
  readonly accessToken?: string;
  readonly password?: string;
}

/** Rewrites the samples' application and conversation numbers. */
function addressed(text: string, app: number, conversation: number): string {
  return text
    .replaceAll('/applications/192', `/applications/${app}`)
    .replaceAll('/conversations/137', `/conversations/${conversation}`)
    .replace('http://sample/ucwa/v1/applications/appId/events', `/ucwa/v1/applications/${app}/events?ack=1`);
}

interface EventSpecJson {
  readonly rel: string;
  readonly href: string;
  readonly events: readonly Record<string, unknown>[];
}

function eventBatchJson(app: number, ack: number, senders: readonly EventSpecJson[]): string {
  const channel = (n: number) => ({ href: `/ucwa/v1/applications/${app}/events?ack=${n}` });
  return JSON.stringify({ _links: { self: channel(ack), next: channel(ack + 1) }, sender: senders });
}

/**
 * One sign-in and incoming IM conversation, in time order: discovery, the 401 challenge, a
 * password token request, application creation, makeMeAvailable, three event-channel polls
 * (invitation, messages, an XML batch), accept, sendMessage, the conversation in XML, a 409,
 * a photo (binary), and an event poll reset by the upstream. Seventeen exchanges.
 */
export function makeConversationTraffic(options: TrafficOptions = {}): RecordedExchange[] {
  const app = options.app ?? 192;
  const conv = options.conversation ?? 137;
  const t0 = options.startedAtMs ?? 1_700_000_000_000;
  const token = options.accessToken ?? 'cwt=AAEBHAEFAAAAAAAFFQAAAMgl2X4p';
  const base = `/ucwa/v1/applications/${app}`;
  const convHref = `${base}/communication/conversations/${conv}`;
  const auth: readonly [string, string] = ['Authorization', `Bearer ${token}`];
  const jsonHeaders = (extra: HeaderPairs = []): HeaderPairs => [['Host', 'fe1.contoso.com'], ['Accept', 'application/json'], auth, ...extra];
  let clock = t0;
  let connection = 0;
  const timeScale = options.timeScale ?? 1;
  const at = (stepMs: number): { startedAtMs: number; durationMs: number; connectionId: string } => {
    clock += stepMs * timeScale;
    return { startedAtMs: clock, durationMs: 12.5 * timeScale, connectionId: `c${(connection++ % 3) + 1}` };
  };
  const json = (body: string, extra: HeaderPairs = []): HeaderPairs => [['Content-Type', JSON_TYPE], ['Content-Length', String(encoder.encode(body).byteLength)], ...extra];

  const invitation = addressed(sampleText('messagingInvitation.get.response.json'), app, conv).replace(
    /"href" : "data:text\/plain;base64,somebase64encodedmessage"/,
    `"href" : ${JSON.stringify(encodeDataUri(options.incomingText ?? 'Are you free for a call?'))}`,
  );
  const incoming = {
    rel: 'message',
    direction: 'Incoming',
    timeStamp: `/Date(${t0 + 4000})/`,
    _links: {
      self: { href: `${convHref}/messaging/messages/1` },
      messaging: { href: `${convHref}/messaging` },
      participant: { href: `${convHref}/participants/831`, title: 'Jane Doe' },
      plainMessage: { href: encodeDataUri(options.incomingText ?? 'Are you free for a call?') },
    },
  };
  const outgoingText = options.outgoingText ?? 'Yes, give me five minutes.';
  const firstBatch = eventBatchJson(app, 1, [
    { rel: 'communication', href: `${base}/communication`, events: [{ link: { rel: 'messagingInvitation', href: `${base}/communication/invitations/602` }, type: 'started', _embedded: { messagingInvitation: JSON.parse(invitation) } }, { link: { rel: 'conversation', href: convHref }, type: 'added' }] },
    { rel: 'conversation', href: convHref, events: [{ link: { rel: 'localParticipant', href: `${convHref}/participants/196` }, type: 'added' }] },
  ]);
  const secondBatch = eventBatchJson(app, 2, [
    { rel: 'conversation', href: convHref, events: [
      { link: { rel: 'messaging', href: `${convHref}/messaging` }, type: 'updated', _embedded: { messaging: JSON.parse(addressed(sampleText('messaging.get.response.json'), app, conv)) } },
      { link: { rel: 'participant', href: `${convHref}/participants/831`, title: 'Jane Doe' }, type: 'added' },
      { link: { rel: 'participantMessaging', href: `${convHref}/participants/831/participantMessaging` }, in: { rel: 'participant', href: `${convHref}/participants/831` }, type: 'added' },
      { link: { rel: 'message', href: `${convHref}/messaging/messages/1` }, type: 'completed', status: 'Success', _embedded: { message: incoming } },
    ] },
    { rel: 'communication', href: `${base}/communication`, events: [{ link: { rel: 'messagingInvitation', href: `${base}/communication/invitations/602` }, type: 'completed', status: 'Success' }] },
  ]);
  const ns = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';
  const xmlBatch = `<?xml version="1.0" encoding="utf-8"?>\r\n<events href="${base}/events?ack=3" xmlns="${ns}">\r\n  <link rel="next" href="${base}/events?ack=4" />\r\n  <sender rel="conversation" href="${convHref}">\r\n    <added rel="participant" href="${convHref}/participants/831">\r\n      <in rel="typingParticipants" href="${convHref}/participants/typingParticipants" />\r\n    </added>\r\n    <completed rel="message" href="${convHref}/messaging/messages/2">\r\n      <status>Success</status>\r\n    </completed>\r\n  </sender>\r\n</events>`;
  const tokenBody = JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 28799, ms_rtc_identityscope: 'local' });
  const form = `grant_type=password&username=john%40contoso.com&password=${encodeURIComponent(options.password ?? 'Tr0ub4dor&3')}`;
  const photo = new Uint8Array(2048);
  for (let i = 0; i < photo.length; i++) photo[i] = (i * 37 + 11) & 0xff;
  photo.set([0xff, 0xd8, 0xff, 0xe0], 0);

  const root = JSON.stringify({ _links: { self: { href: 'https://lyncdiscover.contoso.com/' }, user: { href: `${HOST}/Autodiscover/AutodiscoverService.svc/root/oauth/user` }, xframe: { href: `${HOST}/Autodiscover/XFrame/XFrame.html` } } });
  const conflict = JSON.stringify({ code: 'Conflict', subcode: 'AlreadyExists', message: 'The resource already exists.' });
  const applicationBody = addressed(sampleText('applications.post.response.json'), app, conv);
  const conversationXml = addressed(sampleText('conversation.get.response.xml'), app, conv);

  const exchanges: RecordedExchange[] = [
    makeExchange({ ...at(0), url: 'https://lyncdiscover.contoso.com/', requestHeaders: [['Host', 'lyncdiscover.contoso.com'], ['Accept', 'application/json']], responseBody: root, responseHeaders: json(root) }),
    makeExchange({
      ...at(40),
      url: `${HOST}/Autodiscover/AutodiscoverService.svc/root/oauth/user`,
      requestHeaders: [['Host', 'fe1.contoso.com'], ['Accept', 'application/json']],
      status: 401,
      statusText: 'Unauthorized',
      responseBody: '',
      responseHeaders: [['WWW-Authenticate', `MsRtcOAuth href="${HOST}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`], ['Content-Length', '0']],
    }),
    makeExchange({
      ...at(35),
      method: 'POST',
      url: `${HOST}/WebTicket/oauthtoken`,
      requestHeaders: [['Host', 'fe1.contoso.com'], ['Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8'], ['Content-Length', String(form.length)]],
      requestBody: form,
      responseBody: tokenBody,
      responseHeaders: [['Content-Type', 'application/json'], ['Content-Length', String(tokenBody.length)], ['Set-Cookie', 'cwt_ucwa=SESSIONCOOKIE123; path=/ucwa/oauth/v1/applications; HttpOnly']],
    }),
    makeExchange({
      ...at(60),
      method: 'POST',
      url: `${HOST}/ucwa/v1/applications`,
      requestHeaders: jsonHeaders([['Content-Type', 'application/json'], ['Cookie', 'cwt_ucwa=SESSIONCOOKIE123']]),
      requestBody: JSON.stringify({ userAgent: 'ContosoApp/1.0', endpointId: '123456', culture: 'en-US' }),
      status: 201,
      statusText: 'Created',
      responseBody: applicationBody,
      responseHeaders: json(applicationBody),
    }),
    makeExchange({ ...at(30), method: 'POST', url: `${HOST}${base}/me/makeMeAvailable`, requestHeaders: jsonHeaders([['Content-Type', 'application/json']]), requestBody: '{"SupportedModalities":["Messaging"]}', status: 204, statusText: 'No Content', responseBody: '', responseHeaders: [['Content-Length', '0']] }),
    makeExchange({ ...at(20), url: `${HOST}${base}/events?ack=1`, requestHeaders: jsonHeaders(), responseBody: firstBatch, responseHeaders: json(firstBatch), durationMs: 3200 * timeScale }),
    makeExchange({ ...at(3300), method: 'POST', url: `${HOST}${base}/communication/invitations/665/accept`, requestHeaders: jsonHeaders(), status: 204, statusText: 'No Content', responseBody: '', responseHeaders: [['Content-Length', '0']] }),
    makeExchange({ ...at(10), url: `${HOST}${base}/events?ack=2`, requestHeaders: jsonHeaders(), responseBody: secondBatch, responseHeaders: json(secondBatch), durationMs: 900 * timeScale }),
    makeExchange({
      ...at(1000),
      method: 'POST',
      url: `${HOST}${convHref}/messaging/sendMessage?operationId=7f3a`,
      requestHeaders: jsonHeaders([['Content-Type', 'text/plain; charset=utf-8']]),
      requestBody: outgoingText,
      status: 201,
      statusText: 'Created',
      responseBody: '',
      responseHeaders: [['Location', `${convHref}/messaging/messages/2`], ['Content-Length', '0']],
    }),
    makeExchange({ ...at(15), url: `${HOST}${base}/events?ack=3`, requestHeaders: [['Host', 'fe1.contoso.com'], ['Accept', 'application/xml'], auth], responseBody: xmlBatch, responseHeaders: [['Content-Type', XML_TYPE]], durationMs: 700 * timeScale }),
    makeExchange({ ...at(800), url: `${HOST}${convHref}`, requestHeaders: [['Host', 'fe1.contoso.com'], ['Accept', 'application/xml'], auth], responseBody: conversationXml, responseHeaders: [['Content-Type', XML_TYPE]] }),
    makeExchange({ ...at(50), method: 'POST', url: `${HOST}${base}/me/makeMeAvailable`, requestHeaders: jsonHeaders([['Content-Type', 'application/json']]), requestBody: '{"SupportedModalities":["Messaging"]}', status: 409, statusText: 'Conflict', responseBody: conflict, responseHeaders: json(conflict) }),
    makeExchange({ ...at(30), url: `${HOST}${base}/photos/john@contoso.com`, requestHeaders: jsonHeaders(), responseBody: photo, responseHeaders: [['Content-Type', 'image/jpeg'], ['Content-Length', String(photo.byteLength)]] }),
    makeExchange({ ...at(40), url: `${HOST}${convHref}/messaging`, requestHeaders: jsonHeaders(), responseBody: addressed(sampleText('messaging.get.response.json'), app, conv) }),
    makeExchange({ ...at(40), url: `${HOST}${convHref}/participants/831`, requestHeaders: jsonHeaders(), responseBody: addressed(sampleText('participant.get.response.json'), app, conv) }),
    makeExchange({ ...at(30), method: 'POST', url: `${HOST}${convHref}/messaging/stopMessaging`, requestHeaders: jsonHeaders(), status: 204, statusText: 'No Content', responseBody: '', responseHeaders: [['Content-Length', '0']] }),
  ];
  const reset: AbortedExchange = {
    stage: 'aborted',
    connectionId: 'c9',
    request: { ...makeExchange({ url: `${HOST}${base}/events?ack=4` }).request, headers: jsonHeaders() },
    response: null,
    timings: { startedAtMs: clock + 20, startedMonoMs: 9000.5, requestSentMs: 0.3, firstByteMs: null, endedMs: 30_000 },
    error: { kind: 'upstream-reset', message: `The upstream fe1.contoso.com:443 reset the connection after 30000 ms.` },
  };
  exchanges.push(reset);
  return exchanges;
}
