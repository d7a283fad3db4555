/**
 * Character and entity references in XML text and attribute values: the five predefined entities
 * and `&#n;`/`&#xh;` read, anything else refused, so no DTD entity is ever expanded.
 */

/** Reports a bad reference: the sentence around its position, and the reference as written. */
export type ReferenceFail = (sentence: (at: string) => string, written: string) => never;

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
const REFERENCE_NAME = /^(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+)$/;

/** `raw` (character data or an attribute value as written) with its references replaced. */
export function resolveReferences(raw: string, fail: ReferenceFail): string {
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', last)) {
    const semi = raw.indexOf(';', amp + 1);
    // Reference names are short; a far-off ";" belongs to something else.
    const name = semi < 0 || semi - amp > 40 ? '' : raw.slice(amp + 1, semi);
    if (!REFERENCE_NAME.test(name)) fail((at) => `"&" that starts no entity reference at ${at} (write &amp; for a literal "&")`, raw.slice(amp, amp + 12).split('\n')[0] as string);
    out += raw.slice(last, amp) + referencedText(name, fail);
    last = semi + 1;
  }
  return out + raw.slice(last);
}

function referencedText(name: string, fail: ReferenceFail): string {
  const predefined = PREDEFINED.get(name);
  if (predefined !== undefined) return predefined;
  const written = `&${name};`;
  if (name.charCodeAt(0) !== 0x23 /* # */)
    fail((at) => `undefined entity ${written} at ${at} (only &lt; &gt; &amp; &quot; &apos; and character references are read; DTD entities are refused)`, written);
  const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) fail((at) => `character reference ${written} at ${at} names a character XML does not allow`, written);
  return String.fromCodePoint(code);
}
