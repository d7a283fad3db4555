/**
 * HAR 1.2 import: our own HARs come back whole (their `_ucwa` extras restore what HAR has no
 * field for); HARs from browsers and other tools import with what they carry. A file missing a
 * field HAR requires is refused with its JSON path; nothing is written.
 */
import type { ExchangeErrorKind, HeaderPairs, RecordedExchange, RecordedRequest, RecordedResponse } from '../../protocol/exchange.ts';
import type { ImportedSession } from '../import/session-importer.ts';
import { StorageError } from '../storage-error.ts';
import { dropDecodedFraming } from '../import/undo-wire-encoding.ts';
import { asArray, asBoolean, asInteger, asNumber, asObject, asString, orNull, ShapeError, type JsonObject } from '../json-shape.ts';

const ERROR_KINDS = new Set<string>(['upstream-refused', 'upstream-reset', 'upstream-timeout', 'upstream-tls', 'upstream-dns', 'upstream-invalid-response', 'upstream-retried', 'client-aborted', 'body-truncated', 'proxy-error']);

function headers(value: unknown, path: string): HeaderPairs {
  return asArray(value, path).map((h, i) => {
    const pair = asObject(h, `${path}[${i}]`);
    return [asString(pair['name'], `${path}[${i}].name`), asString(pair['value'], `${path}[${i}].value`)] as const;
  });
}

function version(value: unknown, path: string): string {
  return asString(value, path).replace(/^HTTP\//i, '');
}

/** Base64 as HAR writers emit it (line breaks allowed); Buffer.from would silently skip anything else. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function bytesOf(text: string | undefined, base64: boolean, path: string): Uint8Array {
  if (text === undefined) return new Uint8Array(0);
  if (base64 && !BASE64.test(text.replace(/\s+/g, ''))) throw new ShapeError(path, 'is marked base64 but is not valid base64');
  return new Uint8Array(Buffer.from(text, base64 ? 'base64' : 'utf8'));
}

function readRequest(value: unknown, path: string, extras: JsonObject | null): RecordedRequest {
  const r = asObject(value, path);
  const post = r['postData'] === undefined ? null : asObject(r['postData'], `${path}.postData`);
  const text = post && post['text'] !== undefined ? asString(post['text'], `${path}.postData.text`) : undefined;
  const body = bytesOf(text, post?.['_encoding'] === 'base64' || post?.['encoding'] === 'base64', `${path}.postData.text`);
  return {
    method: asString(r['method'], `${path}.method`),
    url: asString(r['url'], `${path}.url`),
    httpVersion: version(r['httpVersion'], `${path}.httpVersion`),
    headers: headers(r['headers'], `${path}.headers`),
    body,
    bodySizeBytes: extras ? asInteger(extras['requestBodySizeBytes'], '_ucwa.requestBodySizeBytes') : body.byteLength,
    bodyTruncated: extras ? asBoolean(extras['requestBodyTruncated'], '_ucwa.requestBodyTruncated') : false,
  };
}

function readResponse(value: unknown, path: string, extras: JsonObject | null, notes: string[]): RecordedResponse {
  const r = asObject(value, path);
  const content = asObject(r['content'], `${path}.content`);
  const text = content['text'] === undefined ? undefined : asString(content['text'], `${path}.content.text`);
  const body = bytesOf(text, content['encoding'] === 'base64', `${path}.content.text`);
  const size = content['size'];
  // HAR's size is the decoded length; a text that says otherwise was cut or mangled on the way.
  if (text !== undefined && typeof size === 'number' && size >= 0 && size !== body.byteLength && !(extras?.['responseBodyTruncated'] === true))
    throw new ShapeError(`${path}.content.size`, `says ${size} bytes but content.text holds ${body.byteLength} bytes`);
  const declared = headers(r['headers'], `${path}.headers`);
  // Our own HARs carry the stored bytes (still encoded when the wire was); other tools' carry decoded text.
  const unframed = extras ? { headers: declared, notes: [] } : dropDecodedFraming(declared, body, 'response');
  notes.push(...unframed.notes);
  return {
    status: asInteger(r['status'], `${path}.status`),
    statusText: asString(r['statusText'], `${path}.statusText`),
    httpVersion: version(r['httpVersion'], `${path}.httpVersion`),
    headers: unframed.headers,
    body,
    bodySizeBytes: extras?.['responseBodySizeBytes'] != null ? asInteger(extras['responseBodySizeBytes'], '_ucwa.responseBodySizeBytes') : body.byteLength,
    bodyTruncated: extras?.['responseBodyTruncated'] != null ? asBoolean(extras['responseBodyTruncated'], '_ucwa.responseBodyTruncated') : false,
  };
}

function readEntry(value: unknown, path: string, index: number): { seq: number; exchange: RecordedExchange; redactions: string[] } {
  const e = asObject(value, path);
  const extras = e['_ucwa'] === undefined ? null : asObject(e['_ucwa'], `${path}._ucwa`);
  const x = (name: string): string => `${path}._ucwa.${name}`;
  const started = asString(e['startedDateTime'], `${path}.startedDateTime`);
  const startedAtMs = extras ? asNumber(extras['startedAtMs'], x('startedAtMs')) : Date.parse(started);
  if (Number.isNaN(startedAtMs)) throw new ShapeError(`${path}.startedDateTime`, `"${started}" is not an ISO 8601 date`);
  const request = readRequest(e['request'], `${path}.request`, extras);
  const responseValue = asObject(e['response'], `${path}.response`);
  const hasResponse = asInteger(responseValue['status'], `${path}.response.status`) > 0;
  const notes: string[] = [];
  const response = hasResponse ? readResponse(responseValue, `${path}.response`, extras, notes) : null;
  const t = asObject(e['timings'], `${path}.timings`);
  const total = asNumber(e['time'], `${path}.time`);
  const phase = (name: string): number => Math.max(0, asNumber(t[name] ?? -1, `${path}.timings.${name}`));
  const optional = orNull(asNumber);
  const timings = extras
    ? { startedAtMs, startedMonoMs: asNumber(extras['startedMonoMs'], x('startedMonoMs')), requestSentMs: optional(extras['requestSentMs'], x('requestSentMs')), firstByteMs: optional(extras['firstByteMs'], x('firstByteMs')), endedMs: optional(extras['endedMs'], x('endedMs')) }
    : { startedAtMs, startedMonoMs: 0, requestSentMs: phase('send'), firstByteMs: phase('send') + phase('wait'), endedMs: total };
  const connectionId = extras ? asString(extras['connectionId'], x('connectionId')) : typeof e['connection'] === 'string' ? e['connection'] : '';
  const errorValue = extras?.['error'] ? asObject(extras['error'], x('error')) : null;
  const error = errorValue ? { kind: asString(errorValue['kind'], x('error.kind')), message: asString(errorValue['message'], x('error.message')) } : null;
  if (error && !ERROR_KINDS.has(error.kind)) throw new ShapeError(x('error.kind'), `unknown error kind "${error.kind}"`);
  const stage = extras ? asString(extras['stage'], x('stage')) : response ? 'completed' : 'aborted';
  const base = { connectionId, request, timings, ...(extras?.['reconstructed'] === true ? { reconstructed: true } : {}) };
  let exchange: RecordedExchange;
  if (stage === 'initiated') exchange = { stage, ...base };
  else if (stage === 'completed' && response) exchange = { stage, ...base, response, error: error as { kind: ExchangeErrorKind; message: string } | null };
  else if (stage === 'aborted' || !response)
    exchange = { stage: 'aborted', ...base, response, error: (error as { kind: ExchangeErrorKind; message: string } | null) ?? { kind: 'proxy-error', message: 'the HAR entry has no response (status 0)' } };
  else throw new ShapeError(x('stage'), `unknown stage "${stage}"`);
  const redactions = extras ? asArray(extras['redactions'], x('redactions')).map((r, i) => asString(r, `${x('redactions')}[${i}]`)) : notes;
  return { seq: extras ? asInteger(extras['seq'], x('seq')) : index, exchange, redactions };
}

/** Reads entry `i`; a problem inside it names the entry's request too, so the user can find it in a browser's list. */
function readNamedEntry(entry: unknown, i: number): ReturnType<typeof readEntry> {
  try {
    return readEntry(entry, `log.entries[${i}]`, i);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const request = typeof entry === 'object' && entry !== null ? (entry as JsonObject)['request'] : undefined;
    const r = typeof request === 'object' && request !== null ? (request as JsonObject) : {};
    const what = typeof r['url'] === 'string' ? ` (${typeof r['method'] === 'string' ? `${r['method']} ` : ''}${r['url']})` : '';
    const prefix = `log.entries[${i}]`;
    const inside = error.path.startsWith(prefix) ? error.path.slice(prefix.length) : error.path;
    throw new ShapeError(what === '' ? error.path : `${prefix}${what} ${inside.replace(/^\./, '')}`.trimEnd(), error.problem);
  }
}

/** Parses HAR text into a session to import; `fallbackName` names it when the HAR is not one of ours. */
export function parseHar(text: string, file: string, fallbackName: string): ImportedSession {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new StorageError('bad-import', `${file} is not a HAR file: it is not valid JSON (${(error as Error).message}).`);
  }
  try {
    const log = asObject(asObject(root, '(top level)')['log'], 'log');
    const entries = asArray(log['entries'], 'log.entries').map((entry, i) => readNamedEntry(entry, i));
    const s = log['_session'] === undefined ? null : asObject(log['_session'], 'log._session');
    const firstStart = entries.reduce((min, { exchange }) => Math.min(min, exchange.timings.startedAtMs), Number.POSITIVE_INFINITY);
    const session = s
      ? {
          name: asString(s['name'], 'log._session.name'),
          mode: asString(s['mode'], 'log._session.mode'),
          upstream: orNull(asString)(s['upstream'], 'log._session.upstream'),
          startedAtMs: asNumber(s['startedAtMs'], 'log._session.startedAtMs'),
          endedAtMs: orNull(asNumber)(s['endedAtMs'], 'log._session.endedAtMs'),
          redacted: asBoolean(s['redacted'], 'log._session.redacted'),
          notes: asString(s['notes'], 'log._session.notes'),
        }
      : { name: fallbackName, mode: 'import', upstream: null, startedAtMs: Number.isFinite(firstStart) ? firstStart : Date.now(), endedAtMs: null, redacted: false, notes: `imported from ${file}` };
    return { session, exchanges: entries };
  } catch (error) {
    if (error instanceof ShapeError) throw new StorageError('bad-import', `${file} is not a valid HAR 1.2 file: ${error.message}. Nothing was imported.`);
    throw error;
  }
}
