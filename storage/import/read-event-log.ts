/**
 * Logged event-channel bodies, as client logs and bots print them: one JSON `events` body after
 * another (or JSON lines), or a JSON array of them. Each becomes a GET of the event channel whose
 * response is that body, marked reconstructed: the request was never captured, so it gets no
 * headers, no host and no timings beyond what the bodies say.
 */
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { StorageError } from '../storage-error.ts';
import type { ImportedExchange, ImportedSession } from './session-importer.ts';

/** Splits text holding JSON values one after another into each value's text; null when it is not that. */
export function splitJsonValues(text: string): string[] | null {
  const values: string[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && /[\s,]/.test(text[at] as string)) at++;
    if (at >= text.length) break;
    const open = text[at];
    if (open !== '{' && open !== '[') return null;
    let depth = 0;
    let inString = false;
    let end = at;
    for (; end < text.length; end++) {
      const ch = text[end];
      if (inString) {
        if (ch === '\\') end++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (depth !== 0) return null;
    values.push(text.slice(at, end + 1));
    at = end + 1;
  }
  return values;
}

type JsonRecord = Record<string, unknown>;
const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a UCWA event-channel body: `_links` with a `self` or `next` href, and a `sender` list. */
export function isEventsBody(value: unknown): value is JsonRecord {
  if (!isRecord(value) || !Array.isArray(value['sender'])) return false;
  const links = value['_links'];
  return isRecord(links) && (isRecord(links['self']) || isRecord(links['next']));
}

function hrefOf(body: JsonRecord, rel: string): string | undefined {
  const link = (body['_links'] as JsonRecord)[rel];
  return isRecord(link) && typeof link['href'] === 'string' ? link['href'] : undefined;
}

/** The earliest UCWA timestamp (`timeStamp`) any embedded resource of the body carries. */
function earliestTimestamp(text: string): number | undefined {
  let earliest: number | undefined;
  for (const match of text.matchAll(/"timeStamp"\s*:\s*"([^"]+)"/g)) {
    const ms = Date.parse(match[1] as string);
    if (Number.isFinite(ms)) earliest = earliest === undefined ? ms : Math.min(earliest, ms);
  }
  return earliest;
}

/**
 * The bodies of an event log, or null when `text` is not one (so another reader can be tried).
 * `fallbackStartMs` dates a log whose bodies carry no timestamps (the file's modification time).
 */
export function parseEventLog(text: string, file: string, name: string, fallbackStartMs: number): ImportedSession | null {
  let values: string[] | null;
  try {
    const whole = JSON.parse(text) as unknown;
    // Each element keeps the bytes the log printed, when the array splits cleanly.
    values = Array.isArray(whole) ? (splitJsonValues(text.trim().slice(1, -1)) ?? whole.map((v) => JSON.stringify(v))) : [text.trim()];
  } catch {
    values = splitJsonValues(text);
  }
  if (values === null || values.length === 0) return null;
  const bodies = values.map((v) => JSON.parse(v) as unknown);
  if (!bodies.every(isEventsBody)) {
    if (!bodies.some(isEventsBody)) return null;
    const bad = bodies.findIndex((b) => !isEventsBody(b));
    throw new StorageError('bad-import', `${file} looks like an event log, but value ${bad + 1} of ${bodies.length} is not an event-channel body (no "_links" with "self" or "next", or no "sender" list). Nothing was imported.`);
  }
  const exchanges: ImportedExchange[] = [];
  let previousNext: string | undefined;
  let previousAt = fallbackStartMs;
  bodies.forEach((body, i) => {
    const raw = values[i] as string;
    const url = hrefOf(body, 'self') ?? previousNext ?? '';
    previousNext = hrefOf(body, 'next');
    // Batches keep their order: a body without a timestamp lands just after the one before it.
    const at = Math.max(earliestTimestamp(raw) ?? previousAt + 1, i === 0 ? -Infinity : previousAt + 1);
    previousAt = at;
    const bytes = new TextEncoder().encode(raw);
    const exchange: RecordedExchange = {
      stage: 'completed',
      connectionId: '',
      reconstructed: true,
      request: { method: 'GET', url, httpVersion: '', headers: [], body: new Uint8Array(0), bodySizeBytes: 0, bodyTruncated: false },
      timings: { startedAtMs: at, startedMonoMs: 0, requestSentMs: null, firstByteMs: null, endedMs: null },
      response: { status: 200, statusText: '', httpVersion: '', headers: [], body: bytes, bodySizeBytes: bytes.byteLength, bodyTruncated: false },
      error: null,
    };
    exchanges.push({ seq: i, exchange, redactions: [] });
  });
  const first = exchanges[0]?.exchange.timings.startedAtMs ?? fallbackStartMs;
  return {
    session: {
      name,
      mode: 'import',
      upstream: null,
      startedAtMs: first,
      endedAtMs: null,
      redacted: false,
      notes: `reconstructed from the event log ${file}: ${exchanges.length} event-channel responses; requests not captured`,
    },
    exchanges,
  };
}
