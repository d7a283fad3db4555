/**
 * The `X-Ms-diagnostics` header Lync and Skype for Business servers add to failed responses:
 * `28072;source="lyncweb.contoso.com";reason="The web ticket is invalid."`: a numeric code, then
 * parameters, of which `source` and `reason` are the ones worth reading.
 */
import { headerParameter, splitOutsideQuotes } from './split-outside-quotes.ts';

export interface MsDiagnostic {
  /** The diagnostic code (28072), or null when the value does not start with one. */
  readonly code: number | null;
  readonly source: string | null;
  readonly reason: string | null;
  /** Every parameter in wire order, values unquoted (`source`, `reason`, and any others). */
  readonly params: readonly (readonly [string, string])[];
}

/** Each diagnostic of a header value; several may be joined by commas, each starting with its code. */
export function parseMsDiagnostics(value: string): MsDiagnostic[] {
  const entries: string[] = [];
  for (const piece of splitOutsideQuotes(value, ',')) {
    if (/^\d+\s*(?:;|$)/.test(piece) || entries.length === 0) entries.push(piece);
    else entries[entries.length - 1] += `,${piece}`;
  }
  return entries.map(parseOne);
}

function parseOne(entry: string): MsDiagnostic {
  const [head = '', ...rest] = splitOutsideQuotes(entry, ';');
  const code = /^\d+$/.test(head) ? Number(head) : null;
  const params = (code === null ? [head, ...rest] : rest).map(headerParameter).filter((p): p is readonly [string, string] => p !== null);
  const find = (name: string) => params.find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
  return { code, source: find('source'), reason: find('reason'), params };
}

/** One line for people: `28072 The web ticket is invalid. (source lyncweb.contoso.com)`. */
export function describeMsDiagnostic(diagnostic: MsDiagnostic): string {
  const what = [diagnostic.code !== null ? String(diagnostic.code) : null, diagnostic.reason].filter((p) => p !== null).join(' ');
  return `${what || 'diagnostic'}${diagnostic.source !== null ? ` (source ${diagnostic.source})` : ''}`;
}
