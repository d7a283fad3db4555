/**
 * Fiddler session archives (`.saz`): a zip of `raw/NN_c.txt` (request as sent), `raw/NN_s.txt`
 * (response as received) and `raw/NN_m.xml` (session timers and flags). CONNECT tunnels are
 * sessions too; they carry no UCWA and are skipped (and counted). A file that is not a readable
 * archive, or a session whose messages cannot be read, is refused by name: nothing is written.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { headerValue, type RecordedExchange, type RecordedRequest, type RecordedResponse } from '../../protocol/exchange.ts';
import { StorageError } from '../storage-error.ts';
import { parseHttpMessage, parseRequestLine, parseStatusLine } from './http-message.ts';
import type { ImportedExchange, ImportedSession } from './session-importer.ts';
import { undoWireEncoding } from './undo-wire-encoding.ts';

export interface SazImport {
  readonly session: ImportedSession;
  /** CONNECT sessions left out (tunnels, not requests). */
  readonly skippedConnects: number;
}

interface SazParts {
  c?: Uint8Array;
  s?: Uint8Array;
  m?: Uint8Array;
}

interface SessionMeta {
  /** Fiddler timer name → epoch milliseconds (timers Fiddler never set are left out). */
  readonly timers: ReadonlyMap<string, number>;
  readonly flags: ReadonlyMap<string, string>;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'SessionFlag' });

/** Fiddler writes unset timers as `0001-01-01T00:00:00`; those and unparsable ones are absent. */
function readMeta(bytes: Uint8Array | undefined): SessionMeta {
  const timers = new Map<string, number>();
  const flags = new Map<string, string>();
  if (bytes === undefined) return { timers, flags };
  const root = xml.parse(new TextDecoder().decode(bytes)) as { Session?: { SessionTimers?: Record<string, string>; SessionFlags?: { SessionFlag?: { N?: string; V?: string }[] } } };
  for (const [name, value] of Object.entries(root.Session?.SessionTimers ?? {})) {
    const ms = Date.parse(String(value));
    if (Number.isFinite(ms) && ms > 0) timers.set(name, ms);
  }
  for (const flag of root.Session?.SessionFlags?.SessionFlag ?? []) if (flag.N !== undefined) flags.set(flag.N.toLowerCase(), String(flag.V ?? ''));
  return { timers, flags };
}

/** The archive's entries grouped by session number, in session order. */
function sessionsOf(entries: Record<string, Uint8Array>): [number, SazParts][] {
  const sessions = new Map<number, SazParts>();
  for (const [name, bytes] of Object.entries(entries)) {
    const match = /^raw\/(\d+)_([csm])\.(?:txt|xml)$/i.exec(name);
    if (!match) continue;
    const id = Number(match[1]);
    const parts = sessions.get(id) ?? {};
    parts[(match[2] as string).toLowerCase() as keyof SazParts] = bytes;
    sessions.set(id, parts);
  }
  return [...sessions.entries()].sort(([a], [b]) => a - b);
}

function readRequest(bytes: Uint8Array, where: string, httpsHosts: ReadonlySet<string>, notes: string[]): RecordedRequest {
  const parsed = parseHttpMessage(bytes);
  if (!parsed.ok) throw new StorageError('bad-import', `${where}: the request cannot be read: ${parsed.problem}. Nothing was imported.`);
  const line = parseRequestLine(parsed.message.startLine);
  if (line === null) throw new StorageError('bad-import', `${where}: "${parsed.message.startLine.slice(0, 80)}" is not an HTTP request line. Nothing was imported.`);
  const unwrapped = undoWireEncoding(parsed.message.headers, parsed.message.body, 'request');
  notes.push(...unwrapped.notes);
  const { headers, body } = unwrapped;
  let url = line.target;
  if (url.startsWith('/')) {
    // Fiddler writes absolute URLs; an origin-form target is completed from Host, over HTTPS when a tunnel to that host was seen.
    const host = headerValue(headers, 'host') ?? '';
    url = `${httpsHosts.has(host.toLowerCase()) || httpsHosts.has(`${host.toLowerCase()}:443`) ? 'https' : 'http'}://${host}${url}`;
  }
  return { method: line.method, url, httpVersion: line.httpVersion, headers, body, bodySizeBytes: body.byteLength, bodyTruncated: false };
}

function readResponse(bytes: Uint8Array, where: string, notes: string[]): RecordedResponse {
  const parsed = parseHttpMessage(bytes);
  if (!parsed.ok) throw new StorageError('bad-import', `${where}: the response cannot be read: ${parsed.problem}. Nothing was imported.`);
  const line = parseStatusLine(parsed.message.startLine);
  if (line === null) throw new StorageError('bad-import', `${where}: "${parsed.message.startLine.slice(0, 80)}" is not an HTTP status line. Nothing was imported.`);
  const unwrapped = undoWireEncoding(parsed.message.headers, parsed.message.body, 'response');
  notes.push(...unwrapped.notes);
  return { ...line, headers: unwrapped.headers, body: unwrapped.body, bodySizeBytes: unwrapped.body.byteLength, bodyTruncated: false };
}

function toExchange(id: number, parts: SazParts & { c: Uint8Array }, file: string, httpsHosts: ReadonlySet<string>): ImportedExchange {
  const where = `${file} session ${id}`;
  const meta = readMeta(parts.m);
  const notes: string[] = [];
  const request = readRequest(parts.c, `${where} (raw/${id}_c.txt)`, httpsHosts, notes);
  const response = parts.s && parts.s.byteLength > 0 ? readResponse(parts.s, `${where} (raw/${id}_s.txt)`, notes) : null;
  const t = meta.timers;
  const startedAtMs = t.get('ClientBeginRequest') ?? t.get('ClientConnected') ?? 0;
  const after = (name: string): number | null => {
    const at = t.get(name);
    return at === undefined || startedAtMs === 0 ? null : Math.max(0, at - startedAtMs);
  };
  const timings = {
    startedAtMs,
    startedMonoMs: 0,
    requestSentMs: after('ServerGotRequest') ?? after('ClientDoneRequest'),
    firstByteMs: after('ServerBeginResponse') ?? after('GotResponseHeaders'),
    endedMs: after('ClientDoneResponse') ?? after('ServerDoneResponse'),
  };
  const ip = meta.flags.get('x-clientip');
  const port = meta.flags.get('x-clientport');
  const connectionId = ip && port ? `${ip}:${port}` : `fiddler-session-${id}`;
  const base = { connectionId, request, timings };
  const exchange: RecordedExchange = response
    ? { stage: 'completed', ...base, response, error: null }
    : { stage: 'aborted', ...base, response: null, error: { kind: 'proxy-error', message: 'the Fiddler archive holds no response for this session' } };
  return { seq: id, exchange, redactions: notes };
}

/** Reads a `.saz` (its bytes) into a session to import. */
export function parseSaz(bytes: Uint8Array, file: string, name: string): SazImport {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new StorageError('bad-import', `${file} starts like a zip file but cannot be read as one (${(error as Error).message}). Nothing was imported.`);
  }
  const sessions = sessionsOf(entries);
  if (sessions.length === 0) throw new StorageError('bad-import', `${file} is a zip file but not a Fiddler archive: it has no raw/NN_c.txt entries. Save the sessions from Fiddler with File > Save > All Sessions.`);
  const httpsHosts = new Set<string>();
  let skippedConnects = 0;
  const kept: [number, SazParts & { c: Uint8Array }][] = [];
  for (const [id, parts] of sessions) {
    if (parts.c === undefined) throw new StorageError('bad-import', `${file} session ${id} has no request (raw/${id}_c.txt is missing). Nothing was imported.`);
    const head = new TextDecoder('latin1').decode(parts.c.subarray(0, 300)).trimStart();
    const connect = /^CONNECT\s+(\S+)/i.exec(head);
    if (connect) {
      httpsHosts.add((connect[1] as string).toLowerCase());
      skippedConnects++;
      continue;
    }
    kept.push([id, { ...parts, c: parts.c }]);
  }
  const exchanges = kept.map(([id, parts]) => toExchange(id, parts, file, httpsHosts));
  const starts = exchanges.map((e) => e.exchange.timings.startedAtMs).filter((ms) => ms > 0);
  const ends = exchanges.map((e) => e.exchange.timings.startedAtMs + (e.exchange.timings.endedMs ?? 0)).filter((ms) => ms > 0);
  return {
    session: {
      session: {
        name,
        mode: 'import',
        upstream: null,
        startedAtMs: starts.length > 0 ? Math.min(...starts) : Date.now(),
        endedAtMs: ends.length > 0 ? Math.max(...ends) : null,
        redacted: false,
        notes: `imported from ${file} (Fiddler archive${skippedConnects > 0 ? `; ${skippedConnects} CONNECT tunnel session${skippedConnects === 1 ? '' : 's'} skipped` : ''})`,
      },
      exchanges,
    },
    skippedConnects,
  };
}
