/**
 * The text and media type of a `data:` URI exactly as `decodeDataUri` gives them, for the fold: the
 * form UCWA servers send IM text in is read without parsing its parameters or building its bytes.
 */
import { decodeDataUri } from '../data-uri.ts';

/** UTF-8 text as servers write it; with ASCII data and no escapes, its text is its data with `+` as space (decodeDataUri's own shortcut). */
const QUICK_FORMS: readonly (readonly [prefix: string, mediaType: string])[] = [
  ['data:text/plain;charset=utf-8,', 'text/plain'],
  ['data:text/html;charset=utf-8,', 'text/html'],
];

export interface DataUriText {
  readonly text: string;
  readonly mediaType: string;
}

/** Null where decodeDataUri rejects the URI. */
export function dataUriText(uri: string): DataUriText | null {
  for (const [prefix, mediaType] of QUICK_FORMS)
    if (uri.startsWith(prefix) && isUnescapedAscii(uri, prefix.length)) return { text: uri.slice(prefix.length).replaceAll('+', ' '), mediaType };
  const decoded = decodeDataUri(uri);
  return decoded.ok ? { text: decoded.text, mediaType: decoded.mediaType } : null;
}

function isUnescapedAscii(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || code === 37) return false;
  }
  return true;
}
