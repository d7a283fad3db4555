/**
 * The challenges of a `401`'s `WWW-Authenticate` headers (RFC 9110 §11.6.1), as UCWA servers
 * send them: `MsRtcOAuth href="…/oauthtoken",grant_type="urn:microsoft.rtc:windows,…"`, and from
 * Skype for Business Online also `Bearer trusted_issuers="…",client_id="…"`.
 */
import { headerParameter, splitOutsideQuotes } from './split-outside-quotes.ts';

export interface AuthChallenge {
  /** The auth scheme as written (`MsRtcOAuth`, `Bearer`, `Negotiate`). */
  readonly scheme: string;
  /** Its parameters in wire order, values unquoted. */
  readonly params: readonly (readonly [string, string])[];
  /** A bare token instead of parameters (`Negotiate oYG…`), when present. */
  readonly token68?: string;
}

/** A bare token (`oYGb…==`): its `=` are padding, not a parameter's. */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Every challenge of the given header values, in order. A value may hold several challenges
 * (`Negotiate, NTLM`), and a server may send several headers.
 */
export function parseAuthChallenges(values: readonly string[]): AuthChallenge[] {
  const challenges: { scheme: string; params: [string, string][]; token68?: string }[] = [];
  for (const value of values) {
    for (const piece of splitOutsideQuotes(value, ',')) {
      const param = headerParameter(piece);
      const current = challenges.at(-1);
      if (param && current && current.token68 === undefined) {
        current.params.push([param[0], param[1]]);
        continue;
      }
      const space = piece.search(/\s/);
      const scheme = space < 0 ? piece : piece.slice(0, space);
      const rest = space < 0 ? '' : piece.slice(space).trim();
      const first = rest === '' || TOKEN68.test(rest) ? null : headerParameter(rest);
      challenges.push(first ? { scheme, params: [[first[0], first[1]]] } : rest === '' ? { scheme, params: [] } : { scheme, params: [], token68: rest });
    }
  }
  return challenges;
}

/** A parameter's value by name, case-insensitively. */
export function challengeParam(challenge: AuthChallenge, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return challenge.params.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** One line for people: `MsRtcOAuth: token at https://…/oauthtoken; grant types urn:microsoft.rtc:windows, password`. */
export function describeChallenge(challenge: AuthChallenge): string {
  const href = challengeParam(challenge, 'href');
  const grantTypes = challengeParam(challenge, 'grant_type');
  if (href !== undefined || grantTypes !== undefined) {
    const parts = [href !== undefined ? `token at ${href}` : null, grantTypes !== undefined ? `grant types ${grantTypes.split(',').map((g) => g.trim()).join(', ')}` : null];
    return `${challenge.scheme}: ${parts.filter((p) => p !== null).join('; ')}`;
  }
  if (challenge.params.length > 0) return `${challenge.scheme}: ${challenge.params.map(([k, v]) => `${k}=${v}`).join(', ')}`;
  return challenge.token68 !== undefined ? `${challenge.scheme} (with a token)` : challenge.scheme;
}
