/**
 * The one entry point for decoding any recorded body: chooses a decoder by Content-Type, falls
 * back to sniffing when the type is missing or contradicts the bytes (and says so), and never
 * throws. Storage, the proxy, the simulator's client and the UI all call this.
 */
import { checkDataLinks } from './check-data-links.ts';
import { finished, unexpectedFailure } from './decode-safety.ts';
import { decodeForm } from './decode-form.ts';
import { decodeJson } from './decode-json.ts';
import { decodeMultipart } from './decode-multipart.ts';
import { decodeXml } from './decode-xml.ts';
import type { BodyContext, DecodeResult, WireFormat } from './decoded-body.ts';
import { htmlErrorPage } from './html-error-page.ts';
import { parseMediaType, type MediaType } from './media-type.ts';
import { sniffFormat } from './sniff-format.ts';
import { bodyText, sizeProblem } from './text/body-text.ts';

export function decodeBody(body: Uint8Array | string, context: BodyContext): DecodeResult {
  try {
    return finished(decodeChecked(body, context));
  } catch (error) {
    return unexpectedFailure('none', error);
  }
}

function decodeChecked(body: Uint8Array | string, context: BodyContext): DecodeResult {
  const warnings: string[] = [];
  const declared = declaredType(context.contentType, warnings);
  const tooBig = sizeProblem(body);
  if (tooBig) return { ok: false, format: wireFormat(declared), problem: tooBig };
  if ((typeof body === 'string' ? body.length : body.byteLength) === 0) return { ok: true, format: 'none', body: { kind: 'empty' }, warnings };
  const sizeBytes = typeof body === 'string' ? new TextEncoder().encode(body).byteLength : body.byteLength;
  if (context.status === 204 || context.status === 304) warnings.push(`a ${context.status} response should have no body, but this one has ${sizeBytes} bytes`);

  if (declared?.format === 'opaque' || declared?.format === 'http')
    return { ok: true, format: 'opaque', body: { kind: 'opaque', mediaType: declared.essence, sizeBytes }, warnings };
  if (declared?.format === 'multipart-batching') return withWarnings(decodeMultipart(bytesOf(body), declared.boundary, decodeBody), warnings);

  const text = bodyText(body, declared?.charset);
  if (!text.ok) {
    if (declared) return { ok: false, format: wireFormat(declared), problem: text.problem, ...(text.offset !== undefined ? { offset: text.offset } : {}) };
    warnings.push('no Content-Type, and the bytes are not text; kept as an opaque body');
    return { ok: true, format: 'opaque', body: { kind: 'opaque', mediaType: 'application/octet-stream', sizeBytes }, warnings };
  }
  const sniffed = sniffFormat(text.text);

  switch (declared?.format) {
    case 'json':
    case 'xml': {
      if (sniffed === 'html') return { ok: false, format: declared.format, problem: `not a UCWA body: root element <html> (an HTML page, though Content-Type says ${declared.essence})` };
      const format = sniffed === 'json' || sniffed === 'xml' ? sniffed : declared.format;
      if (format !== declared.format) warnings.push(`Content-Type says ${declared.essence}, but the body starts like ${format.toUpperCase()}; read as ${format.toUpperCase()}`);
      return structured(format, text.text, context, warnings);
    }
    case 'form':
      return withWarnings(decodeForm(text.text), warnings);
    case 'text-html':
      return htmlBody(text.text, context, warnings);
    case 'text-plain':
      return { ok: true, format: 'text', body: { kind: 'message-text', mediaType: 'text/plain', text: text.text }, warnings };
    default:
      return sniffedBody(sniffed, body, text.text, context, warnings, sizeBytes);
  }
}

function sniffedBody(sniffed: ReturnType<typeof sniffFormat>, body: Uint8Array | string, text: string, context: BodyContext, warnings: string[], sizeBytes: number): DecodeResult {
  const said = (what: string): void => void warnings.push(`no Content-Type; the body reads as ${what} by its first characters`);
  switch (sniffed) {
    case 'json':
    case 'xml':
      said(sniffed.toUpperCase());
      return structured(sniffed, text, context, warnings);
    case 'html':
      said('HTML');
      return htmlBody(text, context, warnings);
    case 'form':
      said('a URL-encoded form');
      return withWarnings(decodeForm(text), warnings);
    case 'multipart':
      said('multipart/batching');
      return withWarnings(decodeMultipart(bytesOf(body), undefined, decodeBody), warnings);
    case 'text':
      said('plain text');
      return { ok: true, format: 'text', body: { kind: 'message-text', mediaType: 'text/plain', text }, warnings };
    case 'binary':
      warnings.push('no Content-Type, and the body holds binary data; kept as an opaque body');
      return { ok: true, format: 'opaque', body: { kind: 'opaque', mediaType: 'application/octet-stream', sizeBytes }, warnings };
  }
}

/** An HTML response that is a server's error page (an error status, or IIS/ASP.NET markup) says so; other HTML is IM text. */
function htmlBody(text: string, context: BodyContext, warnings: string[]): DecodeResult {
  const page = context.direction === 'response' ? htmlErrorPage(text, context.status) : null;
  if (page) return { ok: true, format: 'text', body: { kind: 'error-page', ...page }, warnings };
  return { ok: true, format: 'text', body: { kind: 'message-text', mediaType: 'text/html', text }, warnings };
}

function structured(format: 'json' | 'xml', text: string, context: BodyContext, warnings: string[]): DecodeResult {
  const result = format === 'json' ? decodeJson(text, context) : decodeXml(text, context);
  if (!result.ok) return result;
  return { ...result, warnings: [...warnings, ...result.warnings, ...checkDataLinks(result.body)] };
}

function declaredType(contentType: string | undefined, warnings: string[]): MediaType | undefined {
  if (contentType === undefined || contentType.trim() === '') return undefined;
  const parsed = parseMediaType(contentType);
  if (parsed.ok) return parsed.mediaType;
  warnings.push(`${parsed.problem}; the body is read by its first characters instead`);
  return undefined;
}

function withWarnings(result: DecodeResult, warnings: readonly string[]): DecodeResult {
  return result.ok && warnings.length > 0 ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
}

function bytesOf(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function wireFormat(declared: MediaType | undefined): WireFormat {
  switch (declared?.format) {
    case 'json':
      return 'json';
    case 'xml':
      return 'xml';
    case 'form':
      return 'form';
    case 'text-plain':
    case 'text-html':
      return 'text';
    case 'multipart-batching':
      return 'multipart';
    case undefined:
      return 'none';
    default:
      return 'opaque';
  }
}
