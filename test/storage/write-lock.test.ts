import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { expectSameExchange } from '../support/same-exchange.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic, makeExchange } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const BUSY_TIMEOUT_MS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await pause(20);
  if (!condition()) throw new Error(`gave up waiting until ${what}`);
}

/** Traffic of several flows, each exchange distinct. */
function traffic(flows: number): RecordedExchange[] {
  return Array.from({ length: flows }, (_, n) => makeConversationTraffic({ app: n, startedAtMs: 1_700_000_000_000 + n * 60_000 })).flat();
}

describe('recording while another process holds the write lock longer than the busy timeout', () => {
  for (const thread of [true, false]) {
    it(`keeps every exchange and writes them all, in order, once the lock is released (${thread ? 'thread' : 'in-process'} writer)`, async () => {
      const path = tmp.path(`locked-${thread}.db`);
      const store = RecordingStore.open(path, { create: true, busyTimeoutMs: BUSY_TIMEOUT_MS });
      const told: string[] = [];
      const recorder = await store.startSession({ name: 'locked', mode: 'reverse', redact: false }, { thread, onWriteError: (error) => told.push(error.message) });
      const exchanges = traffic(6);
      const half = exchanges.length / 2;
      for (const exchange of exchanges.slice(0, 5)) recorder.record(exchange);
      await recorder.flush();

      const holder = new Database(path);
      holder.exec('BEGIN IMMEDIATE');
      const flushed = (async () => {
        for (const [i, exchange] of exchanges.slice(5, half).entries()) {
          recorder.record(exchange);
          if (i % 5 === 0) await pause(10);
        }
        await until(() => told.some((message) => message.includes('is locked by another process')), 'the recorder says the file is locked');
        // Held for several busy timeouts: every attempt in between fails as locked.
        await pause(BUSY_TIMEOUT_MS * 4);
        for (const exchange of exchanges.slice(half)) recorder.record(exchange);
        await pause(BUSY_TIMEOUT_MS * 2);
        holder.exec('COMMIT');
        holder.close();
        await recorder.flush();
      })();
      await flushed;
      await recorder.end();

      expect(told.find((message) => message.includes('is locked by another process'))).toContain('Keeping new exchanges in memory');
      expect(told.some((message) => message.includes('is writable again') && message.includes('every waiting exchange is written, in order'))).toBe(true);
      const rows = [...store.iterateExchanges(recorder.sessionId)];
      expect(rows.map((row) => row.seq)).toEqual(exchanges.map((_, seq) => seq));
      // Committed in order: ids (insertion order) follow seq.
      expect(rows.map((row) => row.id)).toEqual([...rows.map((row) => row.id)].sort((a, b) => a - b));
      rows.forEach((row, seq) => expectSameExchange(row.exchange, exchanges[seq]));
      expect(store.getSession(recorder.sessionId)?.endedAtMs).not.toBeNull();
      store.close();
    });
  }

  it('refuses new exchanges past its memory bound, saying how many are waiting, and still writes those it kept', async () => {
    const path = tmp.path('locked-full.db');
    const store = RecordingStore.open(path, { create: true, busyTimeoutMs: BUSY_TIMEOUT_MS });
    const told: string[] = [];
    const body = new Uint8Array(8 * 1024);
    const recorder = await store.startSession({ name: 'full', mode: 'reverse', redact: false }, { thread: true, maxWaitingBytes: 64 * 1024, onWriteError: (error) => told.push(error.message) });
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < 30; n++) {
      recorder.record(makeExchange({ url: `https://fe1.contoso.com/photos/${n}`, responseBody: body }));
      sends.push(recorder.flush().catch((error: Error) => error));
      await pause(5);
    }
    await until(() => told.some((message) => message.includes('the most the recorder keeps')), 'the recorder says memory is full');
    holder.exec('COMMIT');
    holder.close();
    const outcomes = await Promise.all(sends);
    await recorder.end();

    const full = told.filter((message) => message.includes('the most the recorder keeps'));
    expect(full).toHaveLength(1);
    const waiting = Number(/ and (\d+) exchanges \(\d+ MiB\) are waiting in memory/.exec(full[0] ?? '')?.[1]);
    expect(waiting).toBeGreaterThan(0);
    const written = [...store.iterateExchanges(recorder.sessionId)].map((row) => new URL(row.exchange.request.url).pathname);
    expect(written.length).toBeGreaterThanOrEqual(waiting);
    expect(written.length).toBeLessThan(30);
    // Those kept while memory was full are the first ones; any sent after the release follow them.
    expect(written.slice(0, waiting)).toEqual(Array.from({ length: waiting }, (_, n) => `/photos/${n}`));
    const numbers = written.map((pathname) => Number(pathname.split('/').pop()));
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    expect(outcomes.filter((outcome) => outcome instanceof Error).length).toBeGreaterThan(0);
    expect(told.some((message) => message.includes(`${30 - written.length} exchanges that arrived while memory was full were not recorded`))).toBe(true);
    store.close();
  });
});
