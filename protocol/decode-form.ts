/**
 * `application/x-www-form-urlencoded` bodies (OAuth token requests): fields in order, repeated
 * names kept, `+` read as space. Problems name the field by position and name, never its value,
 * because these bodies carry passwords.
 */
import type { DecodeResult } from './decoded-body.ts';

export function decodeForm(text: string): DecodeResult {
  const fields: [string, string][] = [];
  const pieces = text.replace(/\r?\n$/, '').split('&');
  let offset = 0;
  for (const [index, piece] of pieces.entries()) {
    const start = offset;
    offset += piece.length + 1;
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const rawName = eq < 0 ? piece : piece.slice(0, eq);
    const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
    const name = formDecode(rawName);
    if (name === null) return problem(`form: the name of field ${index + 1} ${escapeTrouble(rawName)}`, start);
    const value = formDecode(rawValue);
    if (value === null) return problem(`form: the value of field ${index + 1} (${name}) ${escapeTrouble(rawValue)}`, start + eq + 1);
    fields.push([name, value]);
  }
  return { ok: true, format: 'form', body: { kind: 'form', fields }, warnings: [] };
}

function formDecode(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function escapeTrouble(raw: string): string {
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(raw);
  return bad ? `has a "%" at position ${bad.index + 1} that starts no %XX escape` : 'is not valid UTF-8 once its %XX escapes are decoded';
}

function problem(sentence: string, offset: number): DecodeResult {
  return { ok: false, format: 'form', problem: sentence, offset };
}
