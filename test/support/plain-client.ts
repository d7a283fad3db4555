/**
 * A third-party UCWA client's habits over plain `fetch`: builds every request URL from an href as
 * the server gave it (absolute or relative), sends plain `application/json`, and signs in by
 * following discovery, the 401 challenge and the applications link.
 */
import { request } from 'node:http';

export interface PlainResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly url: string;
}

export type Links = Record<string, { href: string } | { href: string }[]>;
export interface JsonResource {
  readonly rel?: string;
  readonly _links: Links;
  readonly _embedded?: Record<string, JsonResource | JsonResource[]>;
  readonly [property: string]: unknown;
}

export function hrefOf(resource: JsonResource, rel: string): string {
  const link = resource._links[rel];
  const href = Array.isArray(link) ? link[0]?.href : link?.href;
  if (!href) throw new Error(`no ${rel} link in ${JSON.stringify(resource)}`);
  return href;
}

export class PlainClient {
  token: string | null = null;
  /** What relative hrefs resolve against: the last absolute URL the client was sent to. */
  base: string;

  constructor(start: string) {
    this.base = start;
  }

  async send(method: string, href: string, init: { body?: string; contentType?: string; accept?: string | null; headers?: Record<string, string> } = {}): Promise<PlainResponse> {
    const url = new URL(href, this.base).href;
    const headers: Record<string, string> = { ...init.headers };
    if (init.accept !== null) headers['Accept'] = init.accept ?? 'application/json';
    if (this.token) headers['Authorization'] = `Bearer ${this.token}`;
    if (init.contentType) headers['Content-Type'] = init.contentType;
    const response = await fetch(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    return { status: response.status, headers: response.headers, text: await response.text(), url };
  }

  async json(method: string, href: string, init: { body?: string; contentType?: string } = {}): Promise<JsonResource> {
    const response = await this.send(method, href, init);
    if (response.status >= 300) throw new Error(`${method} ${response.url}: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as JsonResource;
  }

  /** Discovery (following `redirect` links), the challenge's token URL, the user resource, a new application. */
  async signIn(user: string, password = 'Passw0rd!'): Promise<{ root: JsonResource; application: JsonResource; applicationUrl: string; visited: string[] }> {
    const visited: string[] = [];
    let rootUrl = this.base;
    let root = await this.json('GET', rootUrl);
    visited.push(rootUrl);
    while (!root._links['user'] && root._links['redirect']) {
      rootUrl = new URL(hrefOf(root, 'redirect'), rootUrl).href;
      root = await this.json('GET', rootUrl);
      visited.push(rootUrl);
    }
    const userUrl = new URL(hrefOf(root, 'user'), rootUrl).href;
    const challenge = await this.send('GET', userUrl);
    if (challenge.status !== 401) throw new Error(`expected a 401 challenge from ${userUrl}, got ${challenge.status}`);
    const tokenUrl = /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
    if (!tokenUrl) throw new Error(`no MsRtcOAuth challenge from ${userUrl}`);
    visited.push(userUrl, tokenUrl);
    const token = await this.send('POST', tokenUrl, { body: new URLSearchParams({ grant_type: 'password', username: user, password }).toString(), contentType: 'application/x-www-form-urlencoded' });
    this.token = (JSON.parse(token.text) as { access_token: string }).access_token;
    const userResource = await this.json('GET', userUrl);
    const applicationsUrl = new URL(hrefOf(userResource, 'applications'), userUrl).href;
    visited.push(applicationsUrl);
    this.base = applicationsUrl;
    const application = await this.json('POST', applicationsUrl, { body: JSON.stringify({ userAgent: 'plain/1.0', endpointId: `e-${user}`, culture: 'en-US' }), contentType: 'application/json' });
    return { root, application, applicationUrl: new URL(hrefOf(application, 'self'), applicationsUrl).href, visited };
  }
}

/** A GET with a Host header of our choosing (fetch will not send one). */
export function getWithHost(url: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'GET', headers: { Host: host, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
