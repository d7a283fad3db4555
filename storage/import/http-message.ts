/**
 * Reads one raw HTTP/1.x message as a capture tool saved it (Fiddler's `NN_c.txt`/`NN_s.txt`):
 * start line, headers (folded lines joined), body. Tolerates bare LF line ends, a missing body
 * and a status line without a reason phrase. Expected bad input is a value, never a throw.
 */
import type { HeaderPairs } from '../../protocol/exchange.ts';

export interface RawHttpMessage {
  /** The start line split on spaces: `[method, target, version]` or `[version, status, reason…]`. */
  readonly startLine: string;
  readonly headers: HeaderPairs;
  /** The bytes after the blank line, as stored (still chunked or compressed if the wire was). */
  readonly body: Uint8Array;
}

export type ParsedMessage = { readonly ok: true; readonly message: RawHttpMessage } | { readonly ok: false; readonly problem: string };

/** Index just past the blank line that ends the head, and where the head's text ends; -1 when there is none. */
function headEnd(bytes: Uint8Array): { textEnd: number; bodyStart: number } | null {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i + 1] === 0x0a) return { textEnd: i, bodyStart: i + 2 };
    if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return { textEnd: i, bodyStart: i + 3 };
  }
  return null;
}

export function parseHttpMessage(bytes: Uint8Array): ParsedMessage {
  const end = headEnd(bytes);
  // A head with no blank line after it is a message without a body (and maybe without a final newline).
  const head = new TextDecoder('latin1').decode(end ? bytes.subarray(0, end.textEnd) : bytes);
  const lines = head.split(/\r?\n/);
  while (lines[0] === '') lines.shift();
  const startLine = (lines.shift() ?? '').trim();
  if (startLine === '') return { ok: false, problem: 'it is empty' };
  const headers: [string, string][] = [];
  for (const line of lines.map((l) => l.replace(/\r$/, ''))) {
    if (line === '') continue;
    const last = headers.at(-1);
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      // Obsolete line folding (RFC 7230 §3.2.4): the continuation joins the value with one space.
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, problem: `header line "${line.slice(0, 60)}" has no name: value` };
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { ok: true, message: { startLine, headers, body: end ? bytes.slice(end.bodyStart) : new Uint8Array(0) } };
}

/** `METHOD TARGET HTTP/x.y`. */
export function parseRequestLine(line: string): { method: string; target: string; httpVersion: string } | null {
  const match = /^([A-Za-z]+)\s+(\S+)(?:\s+HTTP\/(\d(?:\.\d)?))?$/.exec(line);
  return match ? { method: (match[1] as string).toUpperCase(), target: match[2] as string, httpVersion: match[3] ?? '1.1' } : null;
}

/** `HTTP/x.y STATUS [REASON]`; the reason may be missing or hold spaces. */
export function parseStatusLine(line: string): { httpVersion: string; status: number; statusText: string } | null {
  const match = /^HTTP\/(\d(?:\.\d)?)\s+(\d{3})(?:\s+(.*))?$/.exec(line);
  return match ? { httpVersion: match[1] as string, status: Number(match[2]), statusText: (match[3] ?? '').trim() } : null;
}
