/**
 * `data:` URIs as UCWA uses them to carry IM text in `plainMessage`/`htmlMessage`/`message`
 * links (RFC 2397, with UCWA's form-style `+` for space). Says precisely why a URI is rejected.
 */

export interface DataUri {
  readonly ok: true;
  /** Lower-cased media type, `text/plain` when the URI names none (RFC 2397 default). */
  readonly mediaType: string;
  /** The charset parameter as written, or null when absent. */
  readonly charset: string | null;
  readonly encoding: 'base64' | 'percent';
  readonly bytes: Uint8Array;
  /** The bytes decoded with the charset (UTF-8 when absent or spelled `utf8`). */
  readonly text: string;
}

export type DataUriResult = DataUri | { readonly ok: false; readonly problem: string };

const UTF8_SPELLINGS = new Set(['utf-8', 'utf8', 'utf_8']);

export function decodeDataUri(uri: string): DataUriResult {
  if (!/^data:/i.test(uri)) {
    if (/^\s*data\s*:/i.test(uri))
      return { ok: false, problem: 'data: URI has white space around "data:" (a documentation artefact); refusing to guess' };
    return { ok: false, problem: `not a data: URI: it starts with "${uri.slice(0, 16)}"` };
  }
  const comma = uri.indexOf(',');
  if (comma < 0) return { ok: false, problem: 'data: URI has no "," separating its media type from its data' };
  const params = uri.slice(5, comma).split(';').map((p) => p.trim());
  const isBase64 = params.at(-1)?.toLowerCase() === 'base64';
  if (isBase64) params.pop();
  const mediaType = (params[0] || 'text/plain').toLowerCase();
  const charsetParam = params.slice(1).find((p) => /^charset=/i.test(p));
  const charset = charsetParam ? charsetParam.slice('charset='.length).replace(/^"|"$/g, '') : null;
  const data = uri.slice(comma + 1);
  const utf8 = charset === null || UTF8_SPELLINGS.has(charset.toLowerCase());
  // Most IM text is ASCII with no escapes: its bytes are its characters ('+' a space), valid UTF-8 as they are.
  if (!isBase64 && utf8 && isAscii(data) && !data.includes('%')) {
    const text = data.replaceAll('+', ' ');
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return { ok: true, mediaType, charset, encoding: 'percent', bytes, text };
  }

  const bytes = isBase64 ? decodeBase64(data) : decodePercent(data);
  if (typeof bytes === 'string') return { ok: false, problem: bytes };

  const label = utf8 ? 'utf-8' : (charset as string);
  const decoder = textDecoderFor(label);
  if (!decoder) return { ok: false, problem: `data: URI names charset "${charset}", which this decoder does not know` };
  try {
    return { ok: true, mediaType, charset, encoding: isBase64 ? 'base64' : 'percent', bytes, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, problem: `data: URI bytes are not valid ${label}` };
  }
}

// A decoder with no `stream` option keeps no state between calls: one per label serves every URI.
const decoders = new Map<string, { decode(bytes: Uint8Array): string } | null>();
const encoder = new TextEncoder();

function textDecoderFor(label: string): { decode(bytes: Uint8Array): string } | null {
  let decoder = decoders.get(label);
  if (decoder !== undefined) return decoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    decoder = null;
  }
  // Labels come from traffic: remember only a bounded few.
  if (decoders.size < 32) decoders.set(label, decoder);
  return decoder;
}

function decodeBase64(data: string): Uint8Array | string {
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1)
    return `data: URI says base64 but its data is not base64 (at "${compact.slice(0, 12)}")`;
  const binary = atob(compact.padEnd(Math.ceil(compact.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodePercent(data: string): Uint8Array | string {
  const out: number[] = [];
  // Literal runs are encoded whole so characters outside the BMP keep their surrogate pairs.
  for (const part of data.split(/(%.{0,2}|\+)/s)) {
    if (part === '') continue;
    if (part === '+') out.push(0x20);
    else if (part.startsWith('%')) {
      if (!/^%[0-9a-fA-F]{2}$/.test(part)) return `data: URI has a bad percent escape "${part}"`;
      out.push(parseInt(part.slice(1), 16));
    } else if (isAscii(part)) for (let i = 0; i < part.length; i++) out.push(part.charCodeAt(i)); // UTF-8 of ASCII is itself
    else for (const byte of encoder.encode(part)) out.push(byte); // no spread: a long literal run would overflow the call stack
  }
  return Uint8Array.from(out);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Builds a data: URI the way UCWA servers send IM text: percent-encoded UTF-8 with `+` for space. */
export function encodeDataUri(text: string, mediaType: 'text/plain' | 'text/html' = 'text/plain'): string {
  const encoded = encodeURIComponent(text).replace(/%20/g, '+');
  return `data:${mediaType};charset=utf-8,${encoded}`;
}
