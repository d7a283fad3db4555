/**
 * Autodiscovery and sign-in (RootURL.md, AuthenticationInUCWA.md): the root (or, in redirect mode,
 * a root that only points to a pool's root), the user resource and the token endpoint. As on a
 * real server, every link here is absolute and built from the public origin, never from `Host`.
 */
import type { SimState } from '../sim-state.ts';
import { findUser } from '../users.ts';
import { bodyWithinLimit } from './request-input.ts';
import { bodyResponse, jsonResponse, resourceResponse, type WireFormat } from './respond.ts';
import { headerOf, type ImmediateAnswer, type IncomingRequest, type RequestHeaders } from './sim-answer.ts';
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
export function rootResponse(format: WireFormat, url: URL, settings: DiscoverySettings): ImmediateAnswer {
  const origin = settings.publicOrigin();
  const self = `${origin}${ROOT_PATH}${url.search}`;
  if (settings.mode === 'redirect' && !url.searchParams.has('originalDomain')) {
    const pool = `${origin}${ROOT_PATH}?originalDomain=${encodeURIComponent(settings.domain)}`;
    return resourceResponse(format, { rel: 'root', href: self, properties: {}, links: [{ rel: 'redirect', href: pool }] });
  }
  return resourceResponse(format, {
    rel: 'root',
    href: self,
    properties: {},
    links: [
      { rel: 'user', href: `${origin}${USER_PATH}` },
      { rel: 'xframe', href: `${origin}${XFRAME_PATH}` },
    ],
  });
}

export function userResponse(format: WireFormat, settings: DiscoverySettings): ImmediateAnswer {
  const origin = settings.publicOrigin();
  return resourceResponse(format, {
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
export function xframeResponse(): ImmediateAnswer {
  return bodyResponse(200, 'text/html; charset=utf-8', new TextEncoder().encode('<!DOCTYPE html><html><head><title>XFrame</title></head><body></body></html>'), []);
}

/** The token endpoint: `grant_type=password` with a built-in user's credentials; OAuth errors in OAuth's own JSON shape. */
export function issueToken(request: IncomingRequest, state: SimState): ImmediateAnswer {
  const type = headerOf(request.headers, 'content-type') ?? '';
  const body = Buffer.from(bodyWithinLimit(request.body)).toString('utf8');
  if (!/application\/x-www-form-urlencoded/i.test(type)) return jsonResponse(400, { error: 'invalid_request', error_description: 'Send the token request as application/x-www-form-urlencoded.' });
  const form = new URLSearchParams(body);
  const grant = form.get('grant_type');
  if (grant !== 'password') return jsonResponse(400, { error: grant ? 'unsupported_grant_type' : 'invalid_request', error_description: grant ? `This server accepts grant_type=password, not ${grant}.` : 'grant_type is missing.' });
  const username = form.get('username');
  const password = form.get('password');
  if (!username || password === null) return jsonResponse(400, { error: 'invalid_request', error_description: 'username and password are required.' });
  const user = findUser(state.options.users, username);
  if (!user || user.password !== password) return jsonResponse(400, { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' });
  return jsonResponse(200, { access_token: state.issueToken(user), expires_in: 28800, ms_rtc_identityscope: 'local', token_type: 'Bearer' });
}

/** The signed-in user behind a request's bearer token; a missing or unknown token is 401 with the challenge. */
export function requireUser(headers: RequestHeaders, state: SimState, publicOrigin: string) {
  const header = headerOf(headers, 'authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const user = token ? state.userForToken(token) : undefined;
  if (!user)
    throw new SimError(401, { code: 'Forbidden', message: token ? 'The bearer token is not valid here; sign in again.' : 'Sign in first: this request carries no bearer token.' }, [challenge(publicOrigin)]);
  return user;
}
