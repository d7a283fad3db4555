/** Indented JSON or XML for reading a body; null when it is neither or does not parse. */

export function prettyBody(text: string, contentType: string | null): string | null {
  const trimmed = text.trimStart();
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return null;
    }
  }
  if (/xml/i.test(contentType ?? '') || trimmed.startsWith('<')) return indentXml(trimmed);
  return null;
}

function indentXml(xml: string): string {
  const parts = xml.replace(/>\s*</g, '>\n<').split('\n');
  let depth = 0;
  return parts
    .map((part) => {
      if (/^<\//.test(part)) depth = Math.max(0, depth - 1);
      const line = `${'  '.repeat(depth)}${part}`;
      if (/^<[^!?/][^>]*[^/]>$/.test(part) && !/<\/[^>]+>$/.test(part)) depth++;
      return line;
    })
    .join('\n');
}
