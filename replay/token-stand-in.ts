/**
 * The token endpoint, when the recording has no token request. A recording made in reverse mode
 * never sees one: the server's 401 challenge names the server's own token URL, so the client
 * asked the server directly. The replay rewrites that challenge to name itself, so it answers
 * the token request too, with a token of its own: nothing it serves depends on the token's value.
 */
import { toProxyPath } from '../protocol/proxy-urls.ts';
import type { ResponseContent } from '../storage/recording-store.ts';

const CHALLENGE_HREF = /MsRtcOAuth\s+href="([^"]+)"/i;

/** The path on the replay of the token endpoint a recorded 401 challenge names, if it names one. */
export function tokenPathOf(content: ResponseContent, exchangeUrl: string, upstream: string): string | null {
  for (const [name, value] of content.headers) {
    if (name.toLowerCase() !== 'www-authenticate') continue;
    const href = CHALLENGE_HREF.exec(value)?.[1];
    if (href) return new URL(toProxyPath(new URL(href, exchangeUrl), upstream), 'http://replay.invalid').pathname;
  }
  return null;
}

/** An OAuth token response in the shape UCWA servers send, for the `n`-th token the replay issues. */
export function standInToken(n: number): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify({ access_token: `cwt=ucwa-inspector-replay-${n}`, expires_in: 28800, ms_rtc_identityscope: 'local', token_type: 'Bearer' })));
}
