/**
 * What a response's headers say beyond HTTP itself, decoded into the model: the authentication
 * challenges of a `401` and the servers' `X-Ms-diagnostics` codes.
 */
import type { HeaderPairs } from '../exchange.ts';
import { describeChallenge, parseAuthChallenges, type AuthChallenge } from './auth-challenge.ts';
import { describeMsDiagnostic, parseMsDiagnostics, type MsDiagnostic } from './ms-diagnostics.ts';

export interface ResponseHead {
  /** Every `WWW-Authenticate` challenge, across all such headers, in order. */
  readonly challenges: readonly AuthChallenge[];
  /** Every `X-Ms-diagnostics` (and `X-Ms-diagnostics-Public`) entry, in order. */
  readonly diagnostics: readonly MsDiagnostic[];
}

const DIAGNOSTIC_HEADERS = new Set(['x-ms-diagnostics', 'x-ms-diagnostics-public']);

export function decodeResponseHead(headers: HeaderPairs): ResponseHead {
  const challengeValues: string[] = [];
  const diagnostics: MsDiagnostic[] = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'www-authenticate') challengeValues.push(value);
    else if (DIAGNOSTIC_HEADERS.has(lower)) diagnostics.push(...parseMsDiagnostics(value));
  }
  return { challenges: parseAuthChallenges(challengeValues), diagnostics };
}

/** One sentence per challenge and diagnostic, for diagnostics lists and text output. */
export function describeResponseHead(head: ResponseHead): string[] {
  return [
    ...head.challenges.map((c) => `authentication challenge ${describeChallenge(c)}`),
    ...head.diagnostics.map((d) => `X-Ms-diagnostics ${describeMsDiagnostic(d)}`),
  ];
}
