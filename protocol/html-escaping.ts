/**
 * The UCWA reference pages print request bodies HTML-escaped (`&quot;`, `&lt;input&gt;`). Such a
 * body is not UCWA on the wire; decoders use this to say whether un-escaping would help, and never
 * decode the un-escaped text as if it had been sent.
 */

export function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#39);/g, (_, name: string) =>
    name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'quot' ? '"' : name === 'amp' ? '&' : "'",
  );
}

/** The docs also insert spaces into values (`"sip : john@contoso.com"`); worth saying when present. */
export function injectedSpacesNote(unescaped: string): string {
  const match = /"((?:sip|data|tel|https?) : [^"\n]{0,24})/.exec(unescaped);
  return match ? `; its values also carry spaces the docs inserted, e.g. "${match[1]}"` : '';
}
