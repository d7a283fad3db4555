/**
 * Autodiscovery and sign-in (RootURL.md, AuthenticationInUCWA.md): the root (or, in redirect mode,
 * a root that only points to a pool's root), the user resource and the token endpoint. As on a
 * real server, every link here is absolute and built from the public origin, never from `Host`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimState } from '../sim-state.ts';
import { findUser } from '../users.ts';
import { readBody } from './request-input.ts';
import { sendJson, sendResource, type WireFormat } from './respond.ts';
import { SimError } from './sim-error.ts';

export const ROOT_PATH = '/autodiscover/autodiscoverservice.svc/root';
export const USER_PATH = '/autodiscover/autodiscoverservice.svc/root/oauth/user';
export const XFRAME_PATH = '/autodiscover/autodiscoverservice.svc/root/xframe';
export const TOKEN_PATH = '/WebTicket/oauthtoken';
export const APPLICATIONS_PATH = '/ucwa/oauth/v1/applications';

/** `direct`: the root names the user resource. `redirect`: the first root only names a second one (SfB Online's pool hop). */
export type DiscoveryMode = 'direct' | 'redirect';

export interface DiscoverySettings {
  /** The origin every absolute link starts with, e.g. `https://lyncweb.contoso.com`. */
  readonly publicOrigin: () => string;
  readonly mode: DiscoveryMode;
  /** The SIP domain the redirect names in `originalDomain`. */
  readonly domain: string;
}

export function challenge(publicOrigin: string): readonly [string, string] {
  return ['WWW-Authenticate', `MsRtcOAuth href="${publicOrigin}${TOKEN_PATH}",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`];
}

/**
 * The root. In redirect mode a root asked for without `originalDomain` answers only a `redirect`
 * link to the pool's root (the same path with `originalDomain`), which answers the full root.
 */
export function sendRoot(res: ServerResponse, format: WireFormat, url: URL, settings: DiscoverySettings): void {
  const origin = settings.publicOrigin();
  const self = `${origin}${ROOT_PATH}${url.search}`;
  if (settings.mode === 'redirect' && !url.searchParams.has('originalDomain')) {
    const pool = `${origin}${ROOT_PATH}?originalDomain=${encodeURIComponent(settings.domain)}`;
    sendResource(res, format, { rel: 'root', href: self, properties: {}, links: [{ rel: 'redirect', href: pool }] });
    return;
  }
  sendResource(res, format, {
    rel: 'root',
    href: self,
    properties: {},
    links: [
      { rel: 'user', href: `${origin}${USER_PATH}` },
      { rel: 'xframe', href: `${origin}${XFRAME_PATH}` },
    ],
  });
}

export function sendUser(res: ServerResponse, format: WireFormat, settings: DiscoverySettings): void {
  const origin = settings.publicOrigin();
  sendResource(res, format, {
    rel: 'user',
    href: `${origin}${USER_PATH}`,
    properties: {},
    links: [
      { rel: 'applications', href: `${origin}${APPLICATIONS_PATH}` },
      { rel: 'xframe', href: `${origin}${XFRAME_PATH}` },
    ],
  });
}

/** The cross-domain frame browser clients load; the simulator has no cross-domain needs, so it is an empty page. */
export function sendXframe(res: ServerResponse): void {
  const body = Buffer.from('<!DOCTYPE html><html><head><title>XFrame</title></head><body></body></html>', 'utf8');
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', String(body.byteLength));
  res.end(body);
}

/** The token endpoint: `grant_type=password` with a built-in user's credentials; OAuth errors in OAuth's own JSON shape. */
export async function issueToken(req: IncomingMessage, res: ServerResponse, state: SimState): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  const body = Buffer.from(await readBody(req)).toString('utf8');
  if (!/application\/x-www-form-urlencoded/i.test(type)) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Send the token request as application/x-www-form-urlencoded.' });
    return;
  }
  const form = new URLSearchParams(body);
  const grant = form.get('grant_type');
  if (grant !== 'password') {
    sendJson(res, 400, { error: grant ? 'unsupported_grant_type' : 'invalid_request', error_description: grant ? `This server accepts grant_type=password, not ${grant}.` : 'grant_type is missing.' });
    return;
  }
  const username = form.get('username');
  const password = form.get('password');
  if (!username || password === null) {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'username and password are required.' });
    return;
  }
  const user = findUser(state.options.users, username);
  if (!user || user.password !== password) {
    sendJson(res, 400, { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
    return;
  }
  sendJson(res, 200, { access_token: state.issueToken(user), expires_in: 28800, ms_rtc_identityscope: 'local', token_type: 'Bearer' });
}

/** The signed-in user behind a request's bearer token; a missing or unknown token is 401 with the challenge. */
export function requireUser(req: IncomingMessage, state: SimState, publicOrigin: string) {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const user = token ? state.userForToken(token) : undefined;
  if (!user)
    throw new SimError(401, { code: 'Forbidden', message: token ? 'The bearer token is not valid here; sign in again.' : 'Sign in first: this request carries no bearer token.' }, [challenge(publicOrigin)]);
  return user;
}
