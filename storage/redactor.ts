/**
 * Record-time (and import-time) redaction of secrets: credentials in `Authorization`,
 * `Proxy-Authorization`, `X-MS-WebTicket`, `Cookie`/`Set-Cookie`, tokens in URL query strings,
 * OAuth tokens in JSON bodies, passwords and tokens in form bodies, plus header and parameter
 * names the user adds. Each distinct secret gets
 * one placeholder for the whole session (`REDACTED-1`, `REDACTED-2`…), so a token issued in a
 * response and sent back in a later `Authorization` header still visibly match.
 *
 * Redacting a body changes its length. The stored exchange stays self-consistent: its
 * `Content-Length` header (when it had one) and `bodySizeBytes` are adjusted by the same
 * difference, so a replay of the redacted body sends a correct length. Every change is listed in
 * the exchange's `redactions`.
 */
import { CONTENT_CODECS } from './content-encoding.ts';
import { headerValue, type HeaderPairs, type RecordedExchange, type RecordedRequest, type RecordedResponse } from '../protocol/exchange.ts';

/** Fields of `application/x-www-form-urlencoded` bodies and URL query strings (token requests) whose values are secrets. */
const FORM_SECRETS = ['password', 'access_token', 'refresh_token', 'client_secret', 'ms_rtc_renew', 'assertion'];
/** Keys of JSON bodies (token responses) whose string values are secrets. */
const JSON_SECRETS = ['access_token', 'refresh_token', 'id_token', 'password', 'client_secret'];
/** Headers whose whole value is a credential (Lync's web ticket is sent bare, without a scheme). */
const WHOLE_VALUE_HEADERS = ['x-ms-webticket'];
/** Headers holding a URL whose query string may carry a token. */
const URL_HEADERS = new Set(['location', 'content-location', 'referer']);
/** A value that already is a placeholder (re-recording a redacted replay) is left as it is. */
const PLACEHOLDER = /^REDACTED-\d+$/;


export interface Redacted<E extends RecordedExchange> {
  readonly exchange: E;
  /** What was changed, e.g. `request header Authorization`, `response body access_token`. Empty when nothing was. */
  readonly redactions: readonly string[];
}

/** Names a user adds to what is redacted (`--redact-header`, `--redact-param`); matched case-insensitively. */
export interface RedactionRules {
  /** Header names whose whole value is replaced. */
  readonly headers?: readonly string[];
  /** Parameter names redacted in query strings, form bodies and JSON bodies. */
  readonly params?: readonly string[];
}

/** One per session: remembers which placeholder each secret got. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly wholeValueHeaders: ReadonlySet<string>;
  private readonly formSecrets: ReadonlySet<string>;
  private readonly jsonSecret: RegExp;

  constructor(rules: RedactionRules = {}) {
    const lower = (names: readonly string[] | undefined): string[] => (names ?? []).map((n) => n.toLowerCase());
    this.wholeValueHeaders = new Set([...WHOLE_VALUE_HEADERS, ...lower(rules.headers)]);
    this.formSecrets = new Set([...FORM_SECRETS, ...lower(rules.params)]);
    const keys = [...new Set([...JSON_SECRETS, ...(rules.params ?? [])])].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.jsonSecret = new RegExp(`"(${keys.join('|')})"(\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, 'gi');
  }

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
    const url = 'url' in message ? this.redactUrl(message.url, 'request URL', notes) : undefined;
    if (body === message.body && headers === message.headers && (url === undefined || url === (message as RecordedRequest).url)) return message;
    const delta = body.byteLength - message.body.byteLength;
    if (delta !== 0) headers = adjustContentLength(headers, delta, side, notes);
    return { ...message, headers, body, bodySizeBytes: message.bodySizeBytes + delta, ...(url === undefined ? {} : { url }) };
  }

  /** Replaces secret query parameters of a URL (absolute or a bare path), keeping everything else byte for byte. */
  redactUrl(url: string, where: string, notes: string[]): string {
    const question = url.indexOf('?');
    if (question < 0) return url;
    const hash = url.indexOf('#', question);
    const query = url.slice(question + 1, hash < 0 ? undefined : hash);
    const found: string[] = [];
    const redacted = this.redactForm(query, found);
    if (found.length === 0) return url;
    for (const field of found) notes.push(`${where} ${field}`);
    return `${url.slice(0, question + 1)}${redacted}${hash < 0 ? '' : url.slice(hash)}`;
  }

  private redactHeaders(headers: HeaderPairs, side: string, notes: string[]): HeaderPairs {
    let changed = false;
    const out = headers.map(([name, value]): readonly [string, string] => {
      const lowerName = name.toLowerCase();
      const redacted = URL_HEADERS.has(lowerName) ? this.redactUrl(value, `${side} header ${name}`, notes) : this.redactHeader(lowerName, value);
      if (redacted === value) return [name, value];
      changed = true;
      if (!URL_HEADERS.has(lowerName)) notes.push(`${side} header ${name}`);
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
        return this.wholeValueHeaders.has(lowerName) && value.trim() !== '' ? this.placeholderFor(value.trim()) : value;
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
    const codec = encoding === '' || encoding === 'identity' ? undefined : CONTENT_CODECS[encoding];
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
        if (!this.formSecrets.has(name.toLowerCase())) return part;
        const value = part.slice(equals + 1);
        if (value === '' || PLACEHOLDER.test(value)) return part;
        found.push(name);
        return `${part.slice(0, equals + 1)}${this.placeholderFor(formDecode(value))}`;
      })
      .join('&');
  }

  private redactJson(text: string, found: string[]): string {
    return text.replace(this.jsonSecret, (match, key: string, colon: string, raw: string) => {
      if (raw === '' || PLACEHOLDER.test(raw)) return match;
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
