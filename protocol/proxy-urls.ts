/**
 * How a proxy in front of a UCWA session (the reverse-mode recorder, the replay) names the
 * servers the session reaches: the upstream at the proxy's root, every other origin under a
 * path that names it, `/~https/lyncweb.contoso.com/…` or `/~http/host:port/…`.
 */

/** The two ends of a mapping: the server the proxy stands in for, and where the client reaches the proxy. */
export interface ProxyOrigins {
  /** Origin of the upstream (`https://lyncdiscover.contoso.com`): its URLs live at the proxy's root. */
  readonly upstream: string;
  /** Origin the client reaches the proxy at (`http://127.0.0.1:8080`). */
  readonly proxy: string;
}

/** Where a path on the proxy leads: the real origin and the path and query to ask it for. */
export type ProxyTarget =
  | { readonly ok: true; readonly origin: string; readonly pathAndQuery: string; readonly prefixed: boolean }
  | { readonly ok: false; readonly host: string; readonly problem: string };

// A client that builds `root + href` sends `//~https/host/…`: the slashes it doubled belong to the path on that host.
const PREFIXED = /^(\/+)~(https?)\/([^/?#]*)(.*)$/i;

/** The origin of `url`, normalized (lower-cased host, default port dropped). */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** `''` for the upstream, else `/~https/host[:port]`. */
export function proxyPrefixOf(origin: string, upstream: string): string {
  if (origin === upstream) return '';
  const url = new URL(origin);
  return `/~${url.protocol.slice(0, -1)}/${url.host}`;
}

/** A real URL as the client should see it through the proxy. */
export function toProxyUrl(realUrl: string, origins: ProxyOrigins): string {
  const url = new URL(realUrl);
  return `${origins.proxy}${proxyPrefixOf(url.origin, origins.upstream)}${url.pathname}${url.search}${url.hash}`;
}

/** A real URL as a path on the proxy (the proxy's own origin left out): what replay keys requests by. */
export function toProxyPath(realUrl: string | URL, upstream: string): string {
  const url = typeof realUrl === 'string' ? new URL(realUrl) : realUrl;
  return `${proxyPrefixOf(url.origin, upstream)}${url.pathname}${url.search}`;
}

/** Which real origin and path a request path on the proxy stands for. */
export function targetOfProxyPath(pathAndQuery: string, upstream: string): ProxyTarget {
  const match = PREFIXED.exec(pathAndQuery);
  if (!match) return { ok: true, origin: upstream, pathAndQuery, prefixed: false };
  const [, slashes = '/', scheme = '', host = '', rest = ''] = match;
  let origin: string;
  try {
    origin = new URL(`${scheme.toLowerCase()}://${host}`).origin;
  } catch {
    return { ok: false, host, problem: `"${host}" in /~${scheme}/${host}/ is not a host name` };
  }
  if (origin === 'null' || host === '') return { ok: false, host, problem: `/~${scheme}/ must be followed by a host name, as in /~${scheme}/lyncweb.contoso.com/` };
  return { ok: true, origin, pathAndQuery: `${slashes.slice(1)}${rest.startsWith('/') ? rest : `/${rest}`}`, prefixed: true };
}

/**
 * A request path on a proxy or replay as its recording keys it: `//~http/host/x` (root + href of
 * a proxied href) becomes `/~http/host//x`. Parse the result as `origin + path`, never with
 * `new URL(path, base)`, which reads a leading `//` as a host.
 */
export function canonicalProxyPath(pathAndQuery: string, upstream: string): string {
  const target = targetOfProxyPath(pathAndQuery, upstream);
  return target.ok && target.prefixed ? `${proxyPrefixOf(target.origin, upstream)}${target.pathAndQuery}` : pathAndQuery;
}
