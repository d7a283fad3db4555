/**
 * `multipart/batching` bodies (BatchingRequests.md, batch_ref.md): each part is an
 * `application/http` request or response whose own body is decoded in turn. Documentation
 * artefacts get warnings or precise problems, never a silent guess.
 */
import { finished, unexpectedFailure } from './decode-safety.ts';
import type { BatchPart, BodyContext, DecodeResult } from './decoded-body.ts';
import { headerValue } from './exchange.ts';
import { parseHeaderLines, parseStartLine } from './http-message-head.ts';
import { parseMediaType } from './media-type.ts';

export type InnerDecoder = (body: Uint8Array, context: BodyContext) => DecodeResult;

interface Span {
  readonly start: number;
  readonly end: number;
}

export function decodeMultipart(bytes: Uint8Array, boundary: string | undefined, decodeInner: InnerDecoder): DecodeResult {
  try {
    return finished(decodeParts(bytes, boundary, decodeInner));
  } catch (error) {
    return unexpectedFailure('multipart', error);
  }
}

function decodeParts(bytes: Uint8Array, boundary: string | undefined, decodeInner: InnerDecoder): DecodeResult {
  const s = binaryString(bytes);
  const warnings: string[] = [];
  if (boundary === undefined) {
    const sniffed = /^--([^\s]{1,70})\r?\n/.exec(s.trimStart());
    if (!sniffed) return problem('multipart: no boundary in the Content-Type and none on the first line; a multipart/batching body needs one');
    boundary = sniffed[1] as string;
    warnings.push(`multipart: no boundary parameter in the Content-Type; used "${boundary}" from the first line`);
  }
  const delimiter = `--${boundary}`;
  if (s.includes(`${delimiter}<BR>`) || /<BR>--/i.test(s))
    return problem('multipart: lines are separated by "<BR>" tags, not line breaks (how the UCWA docs render batch bodies); replace each <BR> with CRLF to read it');
  const { spans, closed, bareLf } = findParts(s, delimiter);
  if (spans.length === 0) return problem(`multipart: no "${delimiter}" boundary line found (boundary "${boundary}" from ${warnings.length ? 'the first line' : 'the Content-Type'})`);
  if (!closed) warnings.push(`multipart: no closing "${delimiter}--" line (the body may be truncated); the last part runs to the end of the body`);
  if (bareLf) warnings.push('multipart: lines end with a bare LF, not CRLF');
  const parts: BatchPart[] = [];
  for (const [index, span] of spans.entries()) {
    const part = readPart(bytes, s, span, index, decodeInner, warnings);
    if ('problem' in part) return problem(part.problem);
    parts.push(part);
  }
  return { ok: true, format: 'multipart', body: { kind: 'batch', parts }, warnings };
}

function problem(sentence: string): DecodeResult {
  return { ok: false, format: 'multipart', problem: sentence };
}

/** One character per byte, so offsets into the string are byte offsets. */
function binaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Part contents between delimiter lines; the line break before a delimiter belongs to it (RFC 2046). */
function findParts(s: string, delimiter: string): { spans: Span[]; closed: boolean; bareLf: boolean } {
  const spans: Span[] = [];
  let contentStart = -1;
  let bareLf = false;
  for (let at = s.indexOf(delimiter); at >= 0; at = s.indexOf(delimiter, at + delimiter.length)) {
    if (at > 0 && s[at - 1] !== '\n') continue;
    let lineEnd = at + delimiter.length;
    const closing = s.startsWith('--', lineEnd);
    if (closing) lineEnd += 2;
    while (s[lineEnd] === ' ' || s[lineEnd] === '\t') lineEnd++;
    if (lineEnd < s.length && s[lineEnd] !== '\r' && s[lineEnd] !== '\n') continue;
    if (contentStart >= 0) {
      const end = s[at - 2] === '\r' ? at - 2 : at - 1;
      if (s[at - 2] !== '\r') bareLf = true;
      spans.push({ start: contentStart, end: Math.max(contentStart, end) });
    }
    if (closing) return { spans, closed: true, bareLf };
    contentStart = s[lineEnd] === '\r' ? lineEnd + 2 : lineEnd + 1;
  }
  if (contentStart >= 0) spans.push({ start: Math.min(contentStart, s.length), end: s.length });
  return { spans, closed: false, bareLf };
}

/** Splits `text` at its first blank line into header lines and the offset where the rest starts. */
function splitHead(s: string, start: number, end: number): { lines: string[]; bodyStart: number } {
  const lines: string[] = [];
  let at = start;
  while (at < end) {
    let nl = s.indexOf('\n', at);
    if (nl < 0 || nl >= end) nl = end;
    const line = s.slice(at, nl).replace(/\r$/, '');
    at = Math.min(nl + 1, end);
    if (line === '') return { lines, bodyStart: at };
    lines.push(line);
  }
  return { lines, bodyStart: end };
}

function readPart(bytes: Uint8Array, s: string, span: Span, index: number, decodeInner: InnerDecoder, warnings: string[]): BatchPart | { problem: string } {
  const what = `part ${index + 1}`;
  const outer = splitHead(s, span.start, span.end);
  const outerHeaders = parseHeaderLines(outer.lines, `multipart: ${what}`);
  if (!outerHeaders.ok) return { problem: outerHeaders.problem };
  warnings.push(...outerHeaders.warnings);
  const partType = headerValue(outerHeaders.headers, 'content-type');
  const parsedType = partType === undefined ? undefined : parseMediaType(partType);
  const msgtype = parsedType?.ok ? parsedType.mediaType.parameters['msgtype'] : undefined;
  if (!parsedType?.ok || parsedType.mediaType.essence !== 'application/http')
    warnings.push(`multipart: ${what} has Content-Type ${partType ?? '(none)'}, expected application/http; read as an HTTP message anyway`);
  const declaredLength = headerValue(outerHeaders.headers, 'content-length');
  const actualLength = span.end - outer.bodyStart;
  if (declaredLength !== undefined && Number(declaredLength) !== actualLength)
    warnings.push(`multipart: ${what} says Content-Length: ${declaredLength} but carries ${actualLength} bytes`);

  const inner = splitHead(s, outer.bodyStart, span.end);
  const [startText, ...headerLines] = inner.lines;
  if (startText === undefined) return { problem: `multipart: ${what} holds no HTTP message` };
  const start = parseStartLine(startText);
  if (!start.ok) return { problem: `multipart: ${what}: ${start.problem}` };
  if (start.warning) warnings.push(`multipart: ${what}: ${start.warning}`);
  if (msgtype !== undefined && msgtype !== start.line.kind)
    warnings.push(`multipart: ${what} says msgtype=${msgtype} but holds an HTTP ${start.line.kind}`);
  const innerHeaders = parseHeaderLines(headerLines, `multipart: ${what} inner`);
  if (!innerHeaders.ok) return { problem: innerHeaders.problem };
  warnings.push(...innerHeaders.warnings);
  const headers = innerHeaders.headers;
  const line = start.line;
  const context: BodyContext =
    line.kind === 'request'
      ? { direction: 'request', method: line.method, url: line.target, contentType: headerValue(headers, 'content-type') }
      : { direction: 'response', status: line.status, contentType: headerValue(headers, 'content-type') };
  const body = decodeInner(bytes.subarray(inner.bodyStart, span.end), context);
  return line.kind === 'request'
    ? { index, kind: 'request', method: line.method, target: line.target, headers, body }
    : { index, kind: 'response', status: line.status, statusText: line.statusText, headers, body };
}
