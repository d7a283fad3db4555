/** Plain-fetch access to a running simulator for protocol-level tests: sign in, create an application, send raw requests. */
import type { RunningSimulator } from '../../simulator/index.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface SignedIn {
  readonly token: string;
  readonly appHref: string;
  readonly eventsHref: string;
  readonly application: Record<string, unknown> & { _links: Record<string, { href: string }>; _embedded: Record<string, { _links: Record<string, { href: string }> }> };
  request(method: string, href: string, init?: { body?: string; contentType?: string; accept?: string; token?: string | null }): Promise<RawResponse>;
}

export async function rawRequest(sim: RunningSimulator, method: string, href: string, init: { body?: string; contentType?: string; accept?: string; token?: string | null } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json' };
  if (init.token) headers['Authorization'] = `Bearer ${init.token}`;
  if (init.contentType) headers['Content-Type'] = init.contentType;
  const response = await fetch(new URL(href, sim.url), { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function signIn(sim: RunningSimulator, user = 'alice@contoso.com', password = 'Passw0rd!'): Promise<SignedIn> {
  const tokenResponse = await rawRequest(sim, 'POST', '/WebTicket/oauthtoken', { body: new URLSearchParams({ grant_type: 'password', username: user, password }).toString(), contentType: 'application/x-www-form-urlencoded' });
  if (tokenResponse.status !== 200) throw new Error(`sign-in failed: ${tokenResponse.status} ${tokenResponse.text}`);
  const token = (JSON.parse(tokenResponse.text) as { access_token: string }).access_token;
  const created = await rawRequest(sim, 'POST', '/ucwa/oauth/v1/applications', { token, body: JSON.stringify({ userAgent: 'test', endpointId: 'e1', culture: 'en-US' }), contentType: 'application/json' });
  if (created.status !== 201) throw new Error(`creating the application failed: ${created.status} ${created.text}`);
  const application = JSON.parse(created.text) as SignedIn['application'];
  return {
    token,
    application,
    appHref: (application._links['self'] as { href: string }).href,
    eventsHref: (application._links['events'] as { href: string }).href,
    request: (method, href, init = {}) => rawRequest(sim, method, href, { token, ...init }),
  };
}
