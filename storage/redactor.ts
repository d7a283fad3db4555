/**
 * Record-time redaction of secrets: credentials in `Authorization`/`Cookie`/`Set-Cookie`,
 * OAuth tokens in JSON bodies, passwords and tokens in form bodies. Each distinct secret gets
 * one placeholder for the whole session (`REDACTED-1`, `REDACTED-2`…), so a token issued in a
 * response and sent back in a later `Authorization` header still visibly match.
 *
 * Redacting a body changes its length. The stored exchange stays self-consistent: its
 * `Content-Length` header (when it had one) and `bodySizeBytes` are adjusted by the same
 * difference, so a replay of the redacted body sends a correct length. Every change is listed in
 * the exchange's `redactions`.
 */
import { gunzipSync, gzipSync, inflateSync, deflateSync, brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { headerValue, type HeaderPairs, type RecordedExchange, type RecordedRequest, type RecordedResponse } from '../protocol/exchange.ts';

/** Fields of `application/x-www-form-urlencoded` bodies (token requests) whose values are secrets. */
const FORM_SECRETS = new Set(['password', 'access_token', 'refresh_token', 'client_secret', 'ms_rtc_renew', 'assertion']);
/** Keys of JSON bodies (token responses) whose string values are secrets. */
const JSON_SECRET = /"(access_token|refresh_token|id_token|password|client_secret)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
/** A value that already is a placeholder (re-recording a redacted replay) is left as it is. */
const PLACEHOLDER = /^REDACTED-\d+$/;

type Codec = { readonly decode: (b: Uint8Array) => Uint8Array; readonly encode: (b: Uint8Array) => Uint8Array };
const CODECS: Readonly<Record<string, Codec>> = {
  gzip: { decode: gunzipSync, encode: gzipSync },
  'x-gzip': { decode: gunzipSync, encode: gzipSync },
  deflate: { decode: inflateSync, encode: deflateSync },
  br: { decode: brotliDecompressSync, encode: brotliCompressSync },
};

export interface Redacted<E extends RecordedExchange> {
  readonly exchange: E;
  /** What was changed, e.g. `request header Authorization`, `response body access_token`. Empty when nothing was. */
  readonly redactions: readonly string[];
}

/** One per session: remembers which placeholder each secret got. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();

  placeholderFor(secret: string): string {
    if (PLACEHOLDER.test(secret)) return secret;
    let placeholder = this.placeholders.get(secret);
    if (placeholder === undefined) {
      placeholder = `REDACTED-${this.placeholders.size + 1}`;
      this.placeholders.set(secret, placeholder);
    }
    return placeholder;
  }

  redact<E extends RecordedExchange>(exchange: E): Redacted<E> {
    const notes: string[] = [];
    const request = this.redactMessage(exchange.request, 'request', notes);
    const response = exchange.stage === 'initiated' || exchange.response === null ? null : this.redactMessage(exchange.response, 'response', notes);
    if (notes.length === 0) return { exchange, redactions: [] };
    const redacted = exchange.stage === 'initiated' ? { ...exchange, request } : { ...exchange, request, response };
    return { exchange: redacted as E, redactions: notes };
  }

  private redactMessage<M extends RecordedRequest | RecordedResponse>(message: M, side: 'request' | 'response', notes: string[]): M {
    let headers = this.redactHeaders(message.headers, side, notes);
    const body = this.redactBody(message.body, message.headers, side, notes);
    if (body === message.body && headers === message.headers) return message;
    const delta = body.byteLength - message.body.byteLength;
    if (delta !== 0) headers = adjustContentLength(headers, delta, side, notes);
    return { ...message, headers, body, bodySizeBytes: message.bodySizeBytes + delta };
  }

  private redactHeaders(headers: HeaderPairs, side: string, notes: string[]): HeaderPairs {
    let changed = false;
    const out = headers.map(([name, value]): readonly [string, string] => {
      const redacted = this.redactHeader(name.toLowerCase(), value);
      if (redacted === value) return [name, value];
      changed = true;
      notes.push(`${side} header ${name}`);
      return [name, redacted];
    });
    return changed ? out : headers;
  }

  private redactHeader(lowerName: string, value: string): string {
    switch (lowerName) {
      case 'authorization':
      case 'proxy-authorization': {
        const space = value.indexOf(' ');
        const credentials = space < 0 ? value : value.slice(space + 1).trim();
        if (credentials === '') return value;
        return space < 0 ? this.placeholderFor(credentials) : `${value.slice(0, space)} ${this.placeholderFor(credentials)}`;
      }
      case 'cookie':
        return value
          .split(';')
          .map((pair) => this.redactCookiePair(pair))
          .join(';');
      case 'set-cookie': {
        const semicolon = value.indexOf(';');
        const first = semicolon < 0 ? value : value.slice(0, semicolon);
        return this.redactCookiePair(first) + (semicolon < 0 ? '' : value.slice(semicolon));
      }
      default:
        return value;
    }
  }

  private redactCookiePair(pair: string): string {
    const equals = pair.indexOf('=');
    if (equals < 0) return pair;
    const secret = pair.slice(equals + 1).trim();
    return secret === '' ? pair : `${pair.slice(0, equals + 1)}${this.placeholderFor(secret)}`;
  }

  private redactBody(body: Uint8Array, headers: HeaderPairs, side: string, notes: string[]): Uint8Array {
    if (body.byteLength === 0) return body;
    const contentType = (headerValue(headers, 'content-type') ?? '').toLowerCase();
    const isForm = contentType.includes('x-www-form-urlencoded');
    const isJson = contentType.includes('json') || (contentType === '' && body[0] === 0x7b);
    if (!isForm && !isJson) return body;

    const encoding = (headerValue(headers, 'content-encoding') ?? '').trim().toLowerCase();
    const codec = encoding === '' || encoding === 'identity' ? undefined : CODECS[encoding];
    if (encoding !== '' && encoding !== 'identity' && codec === undefined) {
      notes.push(`${side} body not checked for secrets: content-encoding ${encoding} is not one storage can read`);
      return body;
    }
    let plain: Uint8Array;
    try {
      plain = codec ? codec.decode(body) : body;
    } catch {
      notes.push(`${side} body not checked for secrets: its ${encoding} encoding could not be read (truncated?)`);
      return body;
    }
    const text = utf8(plain);
    if (text === undefined) return body;
    const found: string[] = [];
    const redacted = isForm ? this.redactForm(text, found) : this.redactJson(text, found);
    if (found.length === 0) return body;
    for (const field of found) notes.push(`${side} body ${field}`);
    const bytes = new TextEncoder().encode(redacted);
    return codec ? codec.encode(bytes) : bytes;
  }

  private redactForm(text: string, found: string[]): string {
    return text
      .split('&')
      .map((part) => {
        const equals = part.indexOf('=');
        if (equals < 0) return part;
        const name = formDecode(part.slice(0, equals));
        if (!FORM_SECRETS.has(name)) return part;
        const value = part.slice(equals + 1);
        if (value === '') return part;
        found.push(name);
        return `${part.slice(0, equals + 1)}${this.placeholderFor(formDecode(value))}`;
      })
      .join('&');
  }

  private redactJson(text: string, found: string[]): string {
    return text.replace(JSON_SECRET, (match, key: string, colon: string, raw: string) => {
      if (raw === '') return match;
      found.push(key);
      return `"${key}"${colon}"${this.placeholderFor(jsonUnescape(raw))}"`;
    });
  }
}

function adjustContentLength(headers: HeaderPairs, delta: number, side: string, notes: string[]): HeaderPairs {
  let changed = false;
  const out = headers.map(([name, value]): readonly [string, string] => {
    if (name.toLowerCase() !== 'content-length' || !/^\d+$/.test(value.trim())) return [name, value];
    changed = true;
    return [name, String(Number(value.trim()) + delta)];
  });
  if (changed) notes.push(`${side} header Content-Length adjusted to the redacted body`);
  return changed ? out : headers;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function jsonUnescape(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
