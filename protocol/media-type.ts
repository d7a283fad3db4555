/**
 * What a Content-Type header says about a body: which of UCWA's formats it is, its charset and
 * multipart boundary. Tolerant of the docs' spellings (`vnd.microsoft.ucwa+xml`, `;charset`).
 */

/** The formats a decoder can be chosen for; `opaque` bodies are kept but not interpreted. */
export type MediaFormat = 'json' | 'xml' | 'form' | 'text-plain' | 'text-html' | 'multipart-batching' | 'http' | 'opaque';

export interface MediaType {
  /** `type/subtype`, lower-cased, without parameters. */
  readonly essence: string;
  readonly format: MediaFormat;
  /** Parameters by lower-cased name, values unquoted (double quotes per RFC 9110, single quotes as IIS accepts them). */
  readonly parameters: Readonly<Record<string, string>>;
  readonly charset?: string;
  readonly boundary?: string;
}

export type MediaTypeResult = { readonly ok: true; readonly mediaType: MediaType } | { readonly ok: false; readonly problem: string };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function parseMediaType(header: string): MediaTypeResult {
  const [head = '', ...rest] = splitParameters(header);
  const essence = head.trim().toLowerCase();
  const slash = essence.indexOf('/');
  if (slash <= 0 || slash === essence.length - 1 || !TOKEN.test(essence.slice(0, slash)) || !TOKEN.test(essence.slice(slash + 1)))
    return { ok: false, problem: `Content-Type "${header}" is not a media type (expected type/subtype, e.g. application/json)` };
  const parameters: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name) parameters[name] = unquote(part.slice(eq + 1).trim());
  }
  const mediaType: MediaType = {
    essence,
    format: formatOf(essence),
    parameters,
    ...(parameters['charset'] !== undefined ? { charset: parameters['charset'] } : {}),
    ...(parameters['boundary'] !== undefined ? { boundary: parameters['boundary'] } : {}),
  };
  return { ok: true, mediaType };
}

/**
 * A parameter value without its quotes. Real clients send `charset='utf-8'` and IIS accepts it,
 * so single quotes are taken off like double ones (no escapes inside them).
 */
function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

/** Splits on `;` outside quotes, so a quoted boundary may contain one. */
function splitParameters(header: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"' && header[i - 1] !== '\\') quoted = !quoted;
    else if (c === ';' && !quoted) {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

function formatOf(essence: string): MediaFormat {
  const subtype = essence.slice(essence.indexOf('/') + 1);
  if (essence === 'application/x-www-form-urlencoded') return 'form';
  if (essence === 'text/plain') return 'text-plain';
  if (essence === 'text/html') return 'text-html';
  if (essence === 'multipart/batching') return 'multipart-batching';
  if (essence === 'application/http') return 'http';
  // The docs spell the UCWA types several ways (vnd.microsoft.com.ucwa+xml, vnd.microsoft.ucwa+xml);
  // the suffix is what they agree on.
  if (subtype.endsWith('json')) return 'json';
  if (subtype.endsWith('xml')) return 'xml';
  return 'opaque';
}
