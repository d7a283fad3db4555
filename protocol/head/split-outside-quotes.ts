/** Splits a header value on a separator that is outside double quotes (a quoted value may hold commas and semicolons). */
export function splitOutsideQuotes(value: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `name=value` with the value unquoted, or null when the text is not a parameter. */
export function headerParameter(text: string): readonly [string, string] | null {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*([\s\S]*)$/.exec(text);
  if (!match) return null;
  const raw = (match[2] ?? '').trim();
  const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  return [match[1] ?? '', value];
}
