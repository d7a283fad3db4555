/**
 * Maps URLs between what a server sent and what a client gets through a proxy (proxy-urls.ts),
 * in the places UCWA puts them: `href` values of JSON and XML bodies at any depth (embedded
 * resources and event batches included), `Location`, `Content-Location` and the `href` of a
 * `WWW-Authenticate` challenge. Everything else is left byte for byte.
 */
import { proxyPrefixOf, targetOfProxyPath, type ProxyOrigins } from './proxy-urls.ts';
import type { UrlMappingNote } from './exchange.ts';
import { parseMediaType } from './media-type.ts';


/** The mapping of one message from one server. */
export interface ServedContext extends ProxyOrigins {
  /** Origin of the server that sent the message: its root-relative hrefs need its prefix on the proxy. */
  readonly servedBy: string;
}

export interface Mapped {
  readonly text: string;
  readonly count: number;
  /** Origins the text named in absolute URLs: hosts the session was sent to. */
  readonly origins: readonly string[];
}

export type BodySyntax = 'json' | 'xml';

/** Which href syntax a body of this Content-Type has; null for bodies that are not mapped (binary, HTML, multipart batches). */
export function bodySyntaxOf(contentType: string | undefined): BodySyntax | null {
  if (!contentType) return null;
  const parsed = parseMediaType(contentType);
  if (!parsed.ok) return null;
  return parsed.mediaType.format === 'json' || parsed.mediaType.format === 'xml' ? parsed.mediaType.format : null;
}

// The scheme's slashes may be JSON-escaped (`https:\/\/host`); the rest is kept as written.
const ABSOLUTE = /^(https?):(\\?\/)(\\?\/)([^/\\?#"'\s<>]+)([\s\S]*)$/i;
const PROTOCOL_RELATIVE = /^(\\?\/)(\\?\/)([^/\\?#"'\s<>]+)([\s\S]*)$/;
const ROOT_RELATIVE = /^\\?\/(?!\\?\/)/;

/** One URL value as the client should get it, or null when it stays as it is. */
function urlToProxy(value: string, context: ServedContext, seen: Set<string>): string | null {
  let origin: string;
  let rest: string;
  const absolute = ABSOLUTE.exec(value);
  const protocolRelative = absolute ? null : PROTOCOL_RELATIVE.exec(value);
  if (absolute) {
    origin = safeOrigin(`${absolute[1]}://${absolute[4]}`);
    rest = absolute[5] ?? '';
  } else if (protocolRelative) {
    origin = safeOrigin(`${new URL(context.servedBy).protocol}//${protocolRelative[3]}`);
    rest = protocolRelative[4] ?? '';
  } else if (ROOT_RELATIVE.test(value)) {
    const prefix = proxyPrefixOf(context.servedBy, context.upstream);
    return prefix === '' ? null : `${prefix}${value}`;
  } else return null;
  if (origin === 'null') return null;
  seen.add(origin);
  return `${context.proxy}${proxyPrefixOf(origin, context.upstream)}${rest}`;
}

function safeOrigin(text: string): string {
  try {
    return new URL(text).origin;
  } catch {
    return 'null';
  }
}

function replaceAll(text: string, pattern: RegExp, map: (value: string) => string | null): { text: string; count: number } {
  let count = 0;
  const out = text.replace(pattern, (whole: string, before: string, value: string, after: string) => {
    const mapped = map(value);
    if (mapped === null || mapped === value) return whole;
    count++;
    return `${before}${mapped}${after}`;
  });
  return { text: out, count };
}

/** What every absolute or protocol-relative URL holds, escaped for JSON or not. */
const TWO_SLASHES = /\\?\/\\?\//;
const JSON_HREF = /("href"\s*:\s*")((?:[^"\\]|\\.)*)(")/gi;
const XML_HREF_DOUBLE = /(\shref\s*=\s*")([^"]*)(")/gi;
const XML_HREF_SINGLE = /(\shref\s*=\s*')([^']*)(')/gi;

/** A JSON or XML body with every href the client could follow pointing at the proxy. */
export function mapBodyToProxy(text: string, syntax: BodySyntax, context: ServedContext): Mapped {
  // Most bodies name only root-relative hrefs on the server that answered: then nothing maps, and
  // the scan for hrefs (a fifth of the proxy's own time per small response) is skipped.
  if (!TWO_SLASHES.test(text) && proxyPrefixOf(context.servedBy, context.upstream) === '') return { text, count: 0, origins: [] };
  const seen = new Set<string>();
  const map = (value: string) => urlToProxy(value, context, seen);
  if (syntax === 'json') {
    const json = replaceAll(text, JSON_HREF, map);
    return { ...json, origins: [...seen] };
  }
  const double = replaceAll(text, XML_HREF_DOUBLE, map);
  const single = replaceAll(double.text, XML_HREF_SINGLE, map);
  return { text: single.text, count: double.count + single.count, origins: [...seen] };
}

const CHALLENGE_HREF = /(\bhref\s*=\s*")([^"]*)(")/gi;

/** Response headers whose URLs are mapped, by lower-cased name, as notes name them. */
export const MAPPED_HEADERS: Readonly<Record<string, string>> = { location: 'Location', 'content-location': 'Content-Location', 'www-authenticate': 'WWW-Authenticate' };

/** A response header's value as the client should get it; null for headers that are never mapped. */
export function mapHeaderToProxy(name: string, value: string, context: ServedContext): Mapped | null {
  const lower = name.toLowerCase();
  if (!(lower in MAPPED_HEADERS)) return null;
  const seen = new Set<string>();
  if (lower === 'www-authenticate') {
    const mapped = replaceAll(value, CHALLENGE_HREF, (href) => urlToProxy(href, context, seen));
    return { ...mapped, origins: [...seen] };
  }
  const mapped = urlToProxy(value.trim(), context, seen);
  return mapped === null ? { text: value, count: 0, origins: [] } : { text: mapped, count: 1, origins: [...seen] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A request body as the server should get it, for a client that echoes hrefs it was served:
 * absolute proxy URLs become the real ones; root-relative `/~https/host/…` paths become plain
 * paths when they name the server the request goes to, and absolute URLs when they name another.
 */
export function mapTextToServer(text: string, origins: ProxyOrigins, target: string): { text: string; count: number } {
  let count = 0;
  const prefixed = (path: string): string => {
    const where = targetOfProxyPath(path, origins.upstream);
    if (!where.ok) return path;
    count++;
    return where.origin === target ? where.pathAndQuery : `${where.origin}${where.pathAndQuery}`;
  };
  const absolute = new RegExp(`${escapeRegExp(origins.proxy)}(?=[/?#"'\\s<]|$)(/~https?/[^/?#"'\\s<]+)?`, 'gi');
  let out = text.replace(absolute, (_whole: string, prefix: string | undefined) => {
    count++;
    if (!prefix) return origins.upstream;
    const where = targetOfProxyPath(prefix, origins.upstream);
    return where.ok ? where.origin : origins.upstream;
  });
  out = out.replace(/(?<=["'\s=>])\/~https?\/[^/?#"'\s<]+[^"'\s<]*/gi, prefixed);
  return { text: out, count };
}

/** One sentence for people: "served to the client with 3 URLs mapped to the proxy (response body 2, Location 1)". */
export function describeUrlMappings(notes: readonly UrlMappingNote[]): string | null {
  const parts: string[] = [];
  for (const direction of ['to-client', 'to-server'] as const) {
    const here = notes.filter((n) => n.direction === direction && n.count > 0);
    const total = here.reduce((sum, n) => sum + n.count, 0);
    if (total === 0) continue;
    const where = here.map((n) => `${n.where} ${n.count}`).join(', ');
    const urls = `${total} URL${total === 1 ? '' : 's'}`;
    parts.push(direction === 'to-client' ? `served to the client with ${urls} mapped to the proxy (${where})` : `sent to the server with ${urls} mapped back from the proxy (${where})`);
  }
  return parts.length ? parts.join('; ') : null;
}
