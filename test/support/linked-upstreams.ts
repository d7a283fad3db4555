/**
 * Two small UCWA-like servers that name each other in absolute URLs, as a real deployment does
 * (`lyncdiscover` pointing at `lyncweb`, a token URL in a 401 challenge, a 3xx `Location`, a gzip
 * body, an XML body, an event batch with an embedded resource), with a client that follows the
 * links exactly as it is given them. Each server keeps the bytes it sent, in order.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface SentResponse {
  /** `GET http://127.0.0.1:1234/path`: the real URL the request reached. */
  readonly request: string;
  readonly status: number;
  /** The body bytes as they went on the wire (gzip bytes for the gzip answer). */
  readonly body: Buffer;
}

export interface LinkedUpstreams {
  /** The discovery server: what `--upstream` names. */
  readonly discover: string;
  /** The web server the discovery document sends the client to. */
  readonly web: string;
  /** Every response either server sent, in the order sent. */
  readonly sent: SentResponse[];
  close(): Promise<void>;
}

const TOKEN = 'cwt=linked-upstreams-token';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startLinkedUpstreams(): Promise<LinkedUpstreams> {
  const sent: SentResponse[] = [];
  const origins = { discover: '', web: '' };
  const send = (req: IncomingMessage, res: ServerResponse, origin: string, status: number, headers: Record<string, string | string[]>, body: Buffer | string = '', inTwoChunks = false): void => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    sent.push({ request: `${req.method} ${origin}${req.url}`, status, body: bytes });
    res.writeHead(status, inTwoChunks ? headers : { ...headers, 'Content-Length': String(bytes.byteLength) });
    if (!inTwoChunks) return void res.end(bytes);
    const half = Math.floor(bytes.byteLength / 2);
    res.write(bytes.subarray(0, half));
    res.end(bytes.subarray(half));
  };
  const json = { 'Content-Type': 'application/json' };

  const discover = createServer((req, res) => {
    const { discover: A, web: B } = origins;
    if (req.url === '/') send(req, res, A, 200, json, JSON.stringify({ _links: { self: { href: `${A}/` }, user: { href: `${B}/ucwa/user` }, redirect: { href: `${A}/go` } } }));
    else if (req.url === '/go') send(req, res, A, 302, { Location: `${B}/ucwa/apps/1/me` });
    else send(req, res, A, 404, json, '{"code":"NotFound"}');
  });

  const web = createServer((req, res) => {
    const { discover: A, web: B } = origins;
    void (async () => {
      const body = await bodyOf(req);
      const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
      if (req.url === '/ucwa/user' && !authorized)
        send(req, res, B, 401, { 'WWW-Authenticate': ['Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000"', `MsRtcOAuth href="${B}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`] });
      else if (req.url === '/WebTicket/oauthtoken' && req.method === 'POST') send(req, res, B, 200, json, JSON.stringify({ access_token: TOKEN, expires_in: 28800, token_type: 'Bearer' }));
      else if (!authorized) send(req, res, B, 401, json, '{"code":"Unauthorized"}');
      else if (req.url === '/ucwa/user') send(req, res, B, 200, { ...json, 'Content-Encoding': 'gzip' }, gzipSync(JSON.stringify({ _links: { self: { href: '/ucwa/user' }, applications: { href: `${B}/ucwa/apps` } } })), true);
      else if (req.url === '/ucwa/apps' && req.method === 'POST') {
        // The client echoes the user link it was served: the server must get its own URL back.
        if (!body.includes(`"href":"${B}/ucwa/user"`)) return send(req, res, B, 400, json, JSON.stringify({ code: 'BadRequest', message: `expected my own user URL in ${body}` }));
        send(
          req,
          res,
          B,
          201,
          { Location: `${B}/ucwa/apps/1`, 'Content-Type': 'application/vnd.microsoft.com.ucwa+xml' },
          `<?xml version="1.0" encoding="utf-8"?><resource rel="application" href="/ucwa/apps/1" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="events" href="${B}/ucwa/apps/1/events?ack=1"/><link rel="discover" href='${A}/'/></resource>`,
        );
      } else if (req.url === '/ucwa/apps/1/events?ack=1')
        send(
          req,
          res,
          B,
          200,
          json,
          JSON.stringify({
            _links: { self: { href: '/ucwa/apps/1/events?ack=1' }, next: { href: '/ucwa/apps/1/events?ack=2' } },
            sender: [{ rel: 'me', href: '/ucwa/apps/1/me', events: [{ link: { rel: 'me', href: '/ucwa/apps/1/me' }, type: 'updated', _embedded: { me: { name: 'Ann', _links: { self: { href: `${B}/ucwa/apps/1/me` } } } } }] }],
          }),
        );
      else if (req.url === '/ucwa/apps/1/me') send(req, res, B, 200, json, JSON.stringify({ name: 'Ann', _links: { self: { href: `${B}/ucwa/apps/1/me` } } }));
      else send(req, res, B, 404, json, '{"code":"NotFound"}');
    })();
  });

  origins.discover = await listen(discover);
  origins.web = await listen(web);
  return {
    discover: origins.discover,
    web: origins.web,
    sent,
    close: async () => {
      for (const server of [discover, web]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/** What a link-following client saw: every URL it asked, and the name it ended with. */
export interface FollowedSession {
  readonly visited: readonly string[];
  readonly name: string;
}

/**
 * Signs in from `entry` and follows the links it is given, exactly as given (relative ones
 * resolved against the URL they came from), through a challenge, a POST that echoes a link, an
 * XML body, an event batch with an embedded resource, and a redirect.
 */
export async function followLinks(entry: string): Promise<FollowedSession> {
  const visited: string[] = [];
  const go = async (url: string, init: RequestInit = {}, expected = 200): Promise<Response> => {
    visited.push(url);
    const response = await fetch(url, { redirect: 'manual', ...init });
    if (response.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}, not ${expected}: ${await response.text()}`);
    return response;
  };
  const root = (await (await go(entry)).json()) as { _links: { user: { href: string }; redirect: { href: string } } };
  const userHref = root._links.user.href;
  const challenge = (await go(userHref, {}, 401)).headers.get('www-authenticate') ?? '';
  const tokenHref = /MsRtcOAuth href="([^"]+)"/.exec(challenge)?.[1] ?? 'no token href in the challenge';
  const token = (await (await go(tokenHref, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&username=ann&password=secret' })).json()) as { access_token: string };
  const auth = { Authorization: `Bearer ${token.access_token}` };
  const user = (await (await go(userHref, { headers: auth })).json()) as { _links: { self: { href: string }; applications: { href: string } } };
  const appsHref = new URL(user._links.applications.href, userHref).href;
  const created = await go(appsHref, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ UserAgent: 'linked', EndpointId: '1', Culture: 'en-US', _links: { user: { href: userHref } } }) }, 201);
  const location = created.headers.get('location') ?? 'no Location';
  const xml = await created.text();
  const eventsHref = new URL(/rel="events" href="([^"]+)"/.exec(xml)?.[1] ?? 'no events link', location).href;
  visited.push(new URL(/href="([^"]+)"/.exec(xml)?.[1] ?? '', location).href); // the application's own href: checked, not fetched
  const batch = (await (await go(eventsHref, { headers: auth })).json()) as { sender: { events: { _embedded: { me: { _links: { self: { href: string } } } } }[] }[] };
  const meHref = batch.sender[0]?.events[0]?._embedded.me._links.self.href ?? 'no embedded me';
  await go(new URL(meHref, eventsHref).href, { headers: auth });
  const redirected = (await go(root._links.redirect.href, {}, 302)).headers.get('location') ?? 'no Location';
  const me = (await (await go(new URL(redirected, root._links.redirect.href).href, { headers: auth })).json()) as { name: string };
  return { visited, name: me.name };
}
