/** Autodiscovery and sign-in (RootURL.md, AuthenticationInUCWA.md): the root, the user resource and the token endpoint. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimState } from '../sim-state.ts';
import { findUser } from '../users.ts';
import { readBody } from './request-input.ts';
import { sendJson, sendResource, type WireFormat } from './respond.ts';
import { SimError } from './sim-error.ts';

export const ROOT_PATH = '/autodiscover/autodiscoverservice.svc/root';
export const USER_PATH = '/autodiscover/autodiscoverservice.svc/root/oauth/user';
export const TOKEN_PATH = '/WebTicket/oauthtoken';
export const APPLICATIONS_PATH = '/ucwa/oauth/v1/applications';

export function challenge(origin: string): readonly [string, string] {
  return ['WWW-Authenticate', `MsRtcOAuth href="${origin}${TOKEN_PATH}",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`];
}

export function sendRoot(res: ServerResponse, format: WireFormat): void {
  sendResource(res, format, { rel: 'root', href: ROOT_PATH, properties: {}, links: [{ rel: 'user', href: USER_PATH }] });
}

export function sendUser(res: ServerResponse, format: WireFormat): void {
  sendResource(res, format, { rel: 'user', href: USER_PATH, properties: {}, links: [{ rel: 'applications', href: APPLICATIONS_PATH }] });
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
export function requireUser(req: IncomingMessage, state: SimState, origin: string) {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const user = token ? state.userForToken(token) : undefined;
  if (!user)
    throw new SimError(401, { code: 'Forbidden', message: token ? 'The bearer token is not valid here; sign in again.' : 'Sign in first: this request carries no bearer token.' }, [challenge(origin)]);
  return user;
}
