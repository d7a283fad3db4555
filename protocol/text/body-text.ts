/**
 * Bytes to text for decoding: picks the charset (header, then XML declaration, then UTF-8),
 * drops a byte-order mark, and says where bytes are invalid instead of replacing them.
 */

/** Bodies above this are refused by every decoder, so a huge body can never stall a reader. */
export const MAX_DECODE_BYTES = 50 * 1024 * 1024;

export type BodyTextResult =
  | { readonly ok: true; readonly text: string; readonly charset: string }
  | { readonly ok: false; readonly problem: string; readonly offset?: number };

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'utf_8', 'unicode-1-1-utf-8']);

/** The size problem sentence, or null when the body may be decoded. */
export function sizeProblem(body: Uint8Array | string): string | null {
  const size = typeof body === 'string' ? utf8Length(body) : body.byteLength;
  if (size <= MAX_DECODE_BYTES) return null;
  return `body is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_DECODE_BYTES / 1024 / 1024} MB decoding limit; it is kept as raw bytes but not decoded`;
}

function utf8Length(text: string): number {
  if (text.length > MAX_DECODE_BYTES || text.length * 3 <= MAX_DECODE_BYTES) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

export function bodyText(body: Uint8Array | string, charset: string | undefined): BodyTextResult {
  if (typeof body === 'string') return { ok: true, text: stripBom(body), charset: 'utf-16' };
  if (body[0] === 0xfe && body[1] === 0xff) return decodeWith(body.subarray(2), 'utf-16be');
  if (body[0] === 0xff && body[1] === 0xfe) return decodeWith(body.subarray(2), 'utf-16le');
  const label = (charset ?? xmlDeclaredEncoding(body) ?? 'utf-8').toLowerCase();
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  return decodeWith(body.subarray(start), UTF8_LABELS.has(label) ? 'utf-8' : label);
}

function decodeWith(bytes: Uint8Array, label: string): BodyTextResult {
  let decoder: { decode(bytes: Uint8Array): string };
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    return { ok: false, problem: `the body names charset "${label}", which this decoder does not know` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes), charset: label };
  } catch {
    if (label !== 'utf-8') return { ok: false, problem: `the body is not valid ${label}` };
    const offset = firstInvalidUtf8(bytes);
    return { ok: false, problem: `the body is not valid UTF-8: bad byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at byte ${offset}`, offset };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `<?xml ... encoding="x"?>` at the very start, read from ASCII bytes. */
function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const start = bytes[0] === 0xef ? 3 : 0;
  if (bytes[start] !== 0x3c || bytes[start + 1] !== 0x3f) return undefined;
  let head = '';
  for (let i = start; i < Math.min(bytes.length, start + 200); i++) {
    const b = bytes[i] as number;
    head += String.fromCharCode(b);
    if (b === 0x3e) break;
  }
  return /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
}

/** Where UTF-8 decoding fails; only called once decoding has failed. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (need >= 2) {
      const c = bytes[i + 1] as number;
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f) || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}
