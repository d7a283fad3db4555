/**
 * The recording store: exchanges/s written through SessionRecorder with realistic UCWA traffic
 * (against bare better-sqlite3 inserts of the same rows in one transaction, measured in the same
 * run), bytes per exchange on disk, and the time to list a filtered page at 1,000,000 exchanges.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { SCHEMA_VERSION } from '../../storage/migrations.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeConversationTraffic } from '../../test/support/ucwa-traffic.ts';
import { median, type Bench, type BenchRow } from '../bench-section.ts';

const WRITE_COUNT = 40_000;
const BIG_COUNT = 1_000_000;
/** Named by the schema and derivation versions, so a format change builds a new one instead of reading a stale one. */
const BIG_DB = join(tmpdir(), 'ucwa-inspector-bench', `storage-1m-s${SCHEMA_VERSION}-d${DERIVATION_VERSION}.db`);

/** Traffic of many sign-ins and chats, each flow with its own application and conversation hrefs. */
function traffic(count: number): RecordedExchange[] {
  const out: RecordedExchange[] = [];
  for (let flow = 0; out.length < count; flow++) out.push(...makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000, incomingText: `Message number ${flow}` }));
  return out.slice(0, count);
}

function fileBytes(path: string): number {
  return [path, `${path}-wal`].filter(existsSync).reduce((n, p) => n + statSync(p).size, 0);
}

async function recorderThroughput(dir: string, exchanges: readonly RecordedExchange[]): Promise<{ rawPerS: number; derivedPerS: number; bytesPerExchange: number }> {
  const path = join(dir, 'write.db');
  const store = RecordingStore.open(path, { create: true });
  const recorder = await store.startSession({ name: 'bench', mode: 'reverse' });
  const start = performance.now();
  for (const exchange of exchanges) recorder.record(exchange);
  await recorder.flush();
  const raw = performance.now() - start;
  await recorder.whenDerived();
  const derived = performance.now() - start;
  await recorder.end();
  store.close();
  const checkpoint = new Database(path);
  checkpoint.pragma('wal_checkpoint(TRUNCATE)');
  checkpoint.close();
  return { rawPerS: exchanges.length / (raw / 1000), derivedPerS: exchanges.length / (derived / 1000), bytesPerExchange: fileBytes(path) / exchanges.length };
}

/** The floor: the same bytes inserted by bare better-sqlite3 into one flat table, one transaction. */
function bareInsertThroughput(dir: string, exchanges: readonly RecordedExchange[]): number {
  const db = new Database(join(dir, 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE x (id INTEGER PRIMARY KEY, method TEXT, url TEXT, req_headers TEXT, req_body BLOB, status INTEGER, res_headers TEXT, res_body BLOB, started REAL)');
  const insert = db.prepare('INSERT INTO x (method, url, req_headers, req_body, status, res_headers, res_body, started) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const e of exchanges) {
      const response = e.stage === 'initiated' ? null : e.response;
      insert.run(e.request.method, e.request.url, JSON.stringify(e.request.headers), e.request.body, response?.status ?? null, JSON.stringify(response?.headers ?? []), response?.body ?? null, e.timings.startedAtMs);
    }
  })();
  const elapsed = performance.now() - start;
  db.close();
  return exchanges.length / (elapsed / 1000);
}

/** A 1,000,000-exchange recording, built once and cached between runs (it takes minutes). */
export async function bigRecording(): Promise<{ store: RecordingStore; sessionId: number }> {
  if (!existsSync(BIG_DB)) {
    mkdirSync(join(tmpdir(), 'ucwa-inspector-bench'), { recursive: true });
    const building = `${BIG_DB}.building`;
    rmSync(building, { force: true });
    const store = RecordingStore.open(building, { create: true });
    const recorder = await store.startSession({ name: 'one million', mode: 'reverse' }, { batch: { maxExchanges: 5000 } });
    const flow = traffic(17 * 200);
    for (let i = 0; i < BIG_COUNT; i++) {
      const base = flow[i % flow.length] as RecordedExchange;
      const shift = Math.floor(i / flow.length) * 3_600_000;
      recorder.record({ ...base, timings: { ...base.timings, startedAtMs: base.timings.startedAtMs + shift } });
      if (i % 20_000 === 19_999) {
        await recorder.flush();
        process.stdout.write(`  building the 1M recording: ${i + 1}\r`);
      }
    }
    await recorder.end();
    store.close();
    rmSync(`${building}-wal`, { force: true });
    rmSync(`${building}-shm`, { force: true });
    const { renameSync } = await import('node:fs');
    renameSync(building, BIG_DB);
  }
  const store = RecordingStore.open(BIG_DB, { readOnly: true });
  const [session] = store.listSessions();
  if (!session) throw new Error(`${BIG_DB} has no session; delete it to rebuild`);
  return { store, sessionId: session.id };
}

function timeQuery(run: () => unknown): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples) * 100) / 100;
}

export const storageBench: Bench = {
  name: 'storage',
  async run() {
    const dir = join(tmpdir(), `ucwa-bench-storage-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const rows: BenchRow[] = [];
    try {
      const exchanges = traffic(WRITE_COUNT);
      const bare = Math.round(bareInsertThroughput(dir, exchanges));
      const written = await recorderThroughput(dir, exchanges);
      rows.push({ metric: `exchanges written through SessionRecorder (${WRITE_COUNT.toLocaleString('en')}, committed)`, value: Math.round(written.rawPerS), unit: 'exchanges/s', baseline: { name: 'bare better-sqlite3 inserts', value: bare }, aim: '≥ 20,000/s', met: written.rawPerS >= 20_000 });
      rows.push({ metric: 'the same, until decoded and indexed (events, search text)', value: Math.round(written.derivedPerS), unit: 'exchanges/s' });
      rows.push({ metric: 'bytes on disk per exchange (raw + derived + FTS)', value: Math.round(written.bytesPerExchange), unit: 'bytes' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { store, sessionId } = await bigRecording();
    try {
      const filters = [
        { name: 'method:POST status:2xx', filter: { method: 'POST', status: '2xx' as const } },
        { name: 'rel:conversation', filter: { rel: 'conversation' } },
        { name: 'text "Message number 77"', filter: { text: 'Message number 77' } },
        { name: 'href contains "/events"', filter: { hrefContains: '/events' } },
      ];
      for (const { name, filter } of filters) {
        const ms = timeQuery(() => store.listExchanges({ sessionId, filter, limit: 100 }));
        rows.push({ metric: `first page of 100 at 1,000,000 exchanges, ${name}`, value: ms, unit: 'ms', aim: '< 50 ms', met: ms < 50 });
      }
      const first = store.listExchanges({ sessionId, limit: 100 });
      const middle = first.items.at(-1)?.id ?? 0;
      const deep = timeQuery(() => store.listExchanges({ sessionId, filter: { method: 'GET' }, after: middle + 500_000, limit: 100 }));
      rows.push({ metric: 'a page of 100 half-way through, method:GET (keyset)', value: deep, unit: 'ms', aim: '< 50 ms', met: deep < 50 });
    } finally {
      store.close();
    }
    return {
      name: 'storage',
      title: 'Recording store (storage/)',
      method: `Writes: ${WRITE_COUNT.toLocaleString('en')} exchanges of realistic UCWA traffic (test/support/ucwa-traffic.ts: sign-in, token, application, event polls in JSON and XML, IM, a 409, a binary photo; each flow with its own hrefs) recorded through SessionRecorder with its worker-thread writer and redaction on; "committed" is until flush() resolves, "decoded" until whenDerived(). Baseline: the same rows inserted by bare better-sqlite3 into one flat table in one transaction, no redaction, no indexes. Bytes per exchange: database and WAL after a checkpoint. Pages: a 1,000,000-exchange recording built the same way (cached at ${BIG_DB}), median of 15 queries after one warm-up.`,
      rows,
    };
  },
};
