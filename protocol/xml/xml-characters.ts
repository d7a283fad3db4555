/**
 * Character-level rules of XML 1.0 the reader needs: which characters make names, and how the
 * five predefined entities and character references read. Nothing else is ever expanded.
 */

/** Reports a well-formedness error at an offset; never returns. */
export type Fail = (sentence: string, offset: number) => never;

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
const REFERENCE_NAME = /^(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+)$/;

export function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c <= 0xfffd);
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
}

/** `raw` (text or an attribute value starting at `base`) with its references replaced. */
export function resolveReferences(raw: string, base: number, fail: Fail, at: (offset: number) => string): string {
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', amp + 1);
    // Reference names are short; a far-off ";" belongs to something else.
    const name = semi < 0 || semi - amp > 40 ? '' : raw.slice(amp + 1, semi);
    if (!REFERENCE_NAME.test(name)) fail(`"&" that starts no entity reference at ${at(base + amp)} (write &amp; for a literal "&")`, base + amp);
    out += raw.slice(last, amp) + referencedText(name, base + amp, fail, at);
    last = semi + 1;
  }
  return out + raw.slice(last);
}

function referencedText(name: string, offset: number, fail: Fail, at: (offset: number) => string): string {
  const predefined = PREDEFINED.get(name);
  if (predefined !== undefined) return predefined;
  if (name.charCodeAt(0) !== 0x23 /* # */)
    fail(`undefined entity &${name}; at ${at(offset)} (only &lt; &gt; &amp; &quot; &apos; and character references are read; DTD entities are refused)`, offset);
  const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) fail(`character reference &${name}; at ${at(offset)} names a character XML does not allow`, offset);
  return String.fromCodePoint(code);
}
