import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkDeriver } from '../../storage/derive/chunk-deriver.ts';
import type { Cell } from '../../storage/derive/derived-cells.ts';
import type { DeriveThreading } from '../../storage/derive/deriver.ts';
import type { ImportedSession } from '../../storage/import/session-importer.ts';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic, makeExchange } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-derivation-thread-');
afterAll(() => tmp.cleanup());

const recordingsDir = fileURLToPath(new URL('../../recordings/', import.meta.url));
const recordings = readdirSync(recordingsDir).filter((name) => name.endsWith('.json'));

/** Every table derivation writes, the full-text index's own tables included. */
function derivedTables(db: Database.Database): string[] {
  const fts = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'exchange_text_%' ORDER BY name").pluck().all() as string[];
  return ['exchange_derived', 'resources', 'event_batches', 'events', 'diagnostics', 'exchange_rels', 'exchange_conversations', 'timeline_parts', 'conversations', 'hrefs', ...fts];
}

/** The derived tables' rows, every column but a derivation's change-feed id (each run takes new ones), in a fixed order. */
function derivedRows(file: string): Record<string, unknown[][]> {
  const db = new Database(file, { readonly: true });
  try {
    const columns = (table: string): string =>
      (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter((name) => table !== 'exchange_derived' || name !== 'change_id').join(', ');
    return Object.fromEntries(derivedTables(db).map((table) => [table, db.prepare(`SELECT ${columns(table)} FROM ${table} ORDER BY 1, 2`).raw().all() as unknown[][]]));
  } finally {
    db.close();
  }
}

/** Generated traffic: many sign-in and conversation flows, each with its own hrefs. */
function generatedSession(count: number): ImportedSession {
  const exchanges: ImportedSession['exchanges'][number][] = [];
  for (let flow = 0; exchanges.length < count; flow++)
    for (const exchange of makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000, incomingText: `Message ${flow}` })) {
      if (exchanges.length === count) break;
      exchanges.push({ seq: exchanges.length, exchange, redactions: [] });
    }
  return { session: { name: 'generated', startedAtMs: 1_700_000_000_000, endedAtMs: null, upstream: null, mode: 'reverse', notes: '', redacted: false }, exchanges };
}

function withStore<T>(name: string, work: (store: RecordingStore, file: string) => T): T {
  const file = tmp.path(name);
  const store = RecordingStore.open(file, { create: true });
  try {
    return work(store, file);
  } finally {
    store.close();
  }
}

function failureDiagnostics(file: string, exchangeId: number): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT message FROM diagnostics WHERE exchange_id = ? AND message LIKE 'derivation failed%'").pluck().all(exchangeId) as string[];
  } finally {
    db.close();
  }
}

/** Two files holding the same session, one derived on one thread and one in a thread: each step runs on both, so, and their derived rows are compared after each step. */
function expectSameRowsEachStep(name: string, imported: ImportedSession, steps: ((store: RecordingStore, sessionId: number, threading: DeriveThreading) => void)[]): void {
  const single = RecordingStore.open(tmp.path(`${name}-single.db`), { create: true });
  const threaded = RecordingStore.open(tmp.path(`${name}-thread.db`), { create: true });
  try {
    const singleId = single.importSession(imported, undefined, { thread: false }).id;
    const threadedId = threaded.importSession(imported, undefined, { thread: true }).id;
    expect(single.getSession(singleId)?.underivedCount).toBe(0);
    expect(derivedRows(threaded.path)).toEqual(derivedRows(single.path));
    for (const step of steps) {
      step(single, singleId, { thread: false });
      // A thread that stopped would fall back to this one: the comparison would prove nothing.
      step(threaded, threadedId, { thread: true, warn: (line) => expect.fail(`the derivation thread stopped: ${line}`) });
      expect(derivedRows(threaded.path)).toEqual(derivedRows(single.path));
    }
  } finally {
    single.close();
    threaded.close();
  }
}

/** What an upgraded file holds: every exchange derived by an older version, its rows still there. */
function ageDerivedRows(file: string): void {
  const db = new Database(file);
  db.prepare('UPDATE exchange_derived SET derived_version = derived_version - 1').run();
  db.close();
}

describe('derivation in a second thread', () => {
  it.each(recordings)('writes the same derived rows for %s as deriving on one thread, on import, reindex and catching up', (name) => {
    expectSameRowsEachStep(name, readFixtureFile(`${recordingsDir}${name}`), [
      (store, sessionId, threading) => store.reindex({ sessionId, ...threading }),
      (store, _sessionId, threading) => store.reindex(threading),
      (store, _sessionId, threading) => {
        ageDerivedRows(store.path);
        store.deriveMissing(undefined, 500, threading);
      },
    ]);
  });

  it('writes the same derived rows for thousands of generated exchanges, on import, reindex and catching up', () => {
    const imported = generatedSession(2_600);
    expectSameRowsEachStep('generated', imported, [
      (store, sessionId, { thread, warn }) => {
        const progress: number[] = [];
        // The default for the threaded file: a session this size derives in a thread.
        store.reindex({ sessionId, onProgress: ({ done }) => progress.push(done), ...(thread === true ? { warn } : { thread }) });
        expect(progress.at(-1)).toBe(imported.exchanges.length);
      },
      (store, sessionId, threading) => {
        ageDerivedRows(store.path);
        expect(store.deriveMissing(undefined, 500, threading)).toBe(imported.exchanges.length);
        expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      },
    ]);
    const rows = derivedRows(tmp.path('generated-thread.db'));
    expect(rows.events?.length).toBeGreaterThan(100);
    expect(rows.hrefs?.length).toBeGreaterThan(1_000);
  });

  it('on reindex, learns hrefs afresh while the old rows are cleared: a request for an href only a later response links stays unattributed', () => {
    // Exchange 1 asks for /q/7 before exchange 2's response links it as `people`: a thread that
    // read the file's old index (cleared while the thread starts) would attribute it.
    const early = makeExchange({ url: 'https://fe1.contoso.com/q/7', status: 404, statusText: 'Not Found', responseBody: '', responseHeaders: [['Content-Length', '0']] });
    const linking = makeExchange({
      startedAtMs: 1_700_000_000_100,
      responseBody: JSON.stringify({ _links: { self: { href: '/ucwa/v1/applications/192' }, people: { href: '/q/7' } }, rel: 'application' }),
    });
    const imported: ImportedSession = {
      session: { name: 'late link', startedAtMs: 1_700_000_000_000, endedAtMs: null, upstream: null, mode: 'reverse', notes: '', redacted: false },
      exchanges: [
        { seq: 0, exchange: early, redactions: [] },
        { seq: 1, exchange: linking, redactions: [] },
      ],
    };
    withStore('late-link.db', (store, file) => {
      const sessionId = store.importSession(imported, undefined, { thread: false }).id;
      const targetRels = (): unknown[] => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare('SELECT target_rel FROM exchange_derived ORDER BY exchange_id').pluck().all();
        } finally {
          db.close();
        }
      };
      expect(targetRels()).toEqual([null, 'application']);
      // The thread's deriver with fresh indexes reads none of the file's hrefs (the order of the
      // clear and the thread's first read is up to the scheduler, so this is checked here).
      const db = new Database(file, { readonly: true });
      try {
        const targetRelOfFirst = (deriver: ChunkDeriver): Cell => deriver.derive([1]).cells[3] as Cell;
        expect(targetRelOfFirst(new ChunkDeriver(db))).toBe('people');
        expect(targetRelOfFirst(new ChunkDeriver(db, true))).toBeNull();
      } finally {
        db.close();
      }
      const before = derivedRows(file);
      for (let round = 0; round < 3; round++) {
        store.reindex({ sessionId, thread: true, warn: (line) => expect.fail(`the derivation thread stopped: ${line}`) });
        expect(targetRels()).toEqual([null, 'application']);
        expect(derivedRows(file)).toEqual(before);
      }
    });
  });

  it('costs only the exchange it was on when the thread dies, with one line saying so, and derives the rest', () => {
    const imported = generatedSession(1_200);
    withStore('thread-dies.db', (store, file) => {
      const sessionId = store.importSession(imported, undefined, { thread: false }).id;
      const single = derivedRows(file);
      const ids = store.listExchanges({ sessionId, limit: 2_000 }).items.map((item) => item.id);
      const victim = ids[700] as number;
      const lines: string[] = [];
      const report = store.reindex({ sessionId, thread: true, exitAtExchangeId: victim, warn: (line) => lines.push(line) });
      expect(report.exchanges).toBe(imported.exchanges.length);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`exchange ${victim}`);
      expect(lines[0]).not.toMatch(/\n|\bat .+:\d+:\d+/);
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      expect(failureDiagnostics(file, victim)).toHaveLength(1);
      const after = derivedRows(file);
      expect(after.exchange_derived?.length).toBe(single.exchange_derived?.length);
      // Everything derived before the thread died is what one thread writes.
      const before = (rows: unknown[][] | undefined): unknown[][] => (rows ?? []).filter((row) => (row[0] as number) < Math.min(...ids.slice(600)));
      expect(before(after.exchange_derived)).toEqual(before(single.exchange_derived));
    });
  });

  it('costs only its own derived rows when a raw row does not read back, and the import goes on', () => {
    const imported = generatedSession(300);
    withStore('bad-row.db', (store, file) => {
      const sessionId = store.importSession(imported, undefined, { thread: false }).id;
      const bad = store.listExchanges({ sessionId, limit: 1 }).items[0]?.id as number;
      const db = new Database(file);
      db.prepare("UPDATE exchanges SET request_headers = 'not a list' WHERE id = ?").run(bad);
      db.close();
      const report = store.reindex({ sessionId, thread: true, warn: (line) => expect.fail(`unexpected warning: ${line}`) });
      expect(report.exchanges).toBe(imported.exchanges.length);
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      expect(failureDiagnostics(file, bad)).toEqual([expect.stringContaining('the raw exchange is intact')]);
    });
  });

  it('derives in its thread when the program was started as an inline module (workers inherit --input-type=module)', () => {
    const file = tmp.path('inline-module.db');
    withStore('inline-module.db', (store) => store.importSession(generatedSession(300), undefined, { thread: false }));
    const storeModule = pathToFileURL(fileURLToPath(new URL('../../storage/recording-store.ts', import.meta.url))).href;
    const program = `
      import { RecordingStore } from ${JSON.stringify(storeModule)};
      const store = RecordingStore.open(${JSON.stringify(file)});
      const lines = [];
      const report = store.reindex({ thread: true, warn: (line) => lines.push(line) });
      console.log(JSON.stringify({ exchanges: report.exchanges, underived: store.getSession(1).underivedCount, lines }));
      store.close();`;
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    // The timeout only keeps a hung child from hanging the suite.
    const output = execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', program], { encoding: 'utf8', timeout: 120_000 });
    expect(JSON.parse(output)).toEqual({ exchanges: 300, underived: 0, lines: [] });
  });
});
