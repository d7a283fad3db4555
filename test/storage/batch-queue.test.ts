import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchQueue } from '../../storage/batch-queue.ts';
import type { WriteOp } from '../../storage/exchange-writer.ts';
import { initiated, makeExchange } from '../support/ucwa-traffic.ts';

const policy = { maxExchanges: 4, maxBytes: 1_000_000, maxDelayMs: 5, minSendIntervalMs: 0 };

function recordingSink(): { batches: WriteOp[][]; send: (ops: WriteOp[]) => Promise<void> } {
  const batches: WriteOp[][] = [];
  return { batches, send: (ops) => (batches.push(ops), Promise.resolve()) };
}

describe('BatchQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends nothing until the delay passes, then one batch in seq order', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    const done = makeExchange();
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(done) });
    queue.push({ kind: 'insert', seq: 1, exchange: done });
    vi.advanceTimersByTime(4);
    expect(sink.batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sink.batches.map((b) => b.map((op) => op.seq))).toEqual([[0, 1]]);
  });

  it('sends a full batch on the next macrotask, never inside the call that filled it', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    for (let seq = 0; seq < 4; seq++) queue.push({ kind: 'insert', seq, exchange: makeExchange() });
    expect(sink.batches).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(sink.batches.map((b) => b.length)).toEqual([4]);
  });

  it('splits a burst recorded in one call into batches of the policy\'s size, in order', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    for (let seq = 0; seq < 10; seq++) queue.push({ kind: 'insert', seq, exchange: makeExchange() });
    expect(queue.size).toBe(10);
    expect(sink.batches).toEqual([]);
    vi.advanceTimersToNextTimer();
    // The tail goes along with the full batches rather than waiting out the delay.
    expect(sink.batches.map((b) => b.map((op) => op.seq))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(queue.size).toBe(0);
  });

  it('sends once the waiting bodies reach the byte limit', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, { ...policy, maxBytes: 10_000 });
    queue.push({ kind: 'insert', seq: 0, exchange: makeExchange({ responseBody: 'x'.repeat(20_000) }) });
    vi.advanceTimersToNextTimer();
    expect(sink.batches).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes an exchange that starts and finishes within one batch once, in its final stage', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    const first = makeExchange({ url: 'https://h/a' });
    const second = makeExchange({ url: 'https://h/b' });
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(first) });
    queue.push({ kind: 'insert', seq: 1, exchange: initiated(second) });
    queue.push({ kind: 'finish', seq: 0, exchange: first });
    void queue.flush();
    expect(sink.batches).toEqual([
      [
        { kind: 'insert', seq: 0, exchange: first },
        { kind: 'insert', seq: 1, exchange: initiated(second) },
      ],
    ]);
  });

  it('keeps the finish of an exchange sent in an earlier batch as an update', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    const poll = makeExchange({ url: 'https://h/events?ack=1' });
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(poll) });
    void queue.flush();
    queue.push({ kind: 'finish', seq: 0, exchange: poll });
    void queue.flush();
    expect(sink.batches.map((b) => b.map((op) => op.kind))).toEqual([['insert'], ['finish']]);
  });

  it('holds a request younger than the delay on a timed send, so an answer arriving soon is written once, whole', async () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    const [a, b, c] = [makeExchange({ url: 'https://h/a' }), makeExchange({ url: 'https://h/b' }), makeExchange({ url: 'https://h/events?ack=1' })];
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(a) });
    vi.advanceTimersByTime(3);
    queue.push({ kind: 'insert', seq: 1, exchange: initiated(b) });
    vi.advanceTimersByTime(2);
    // At the delay the first request is due; the second, 2 ms old, stays.
    expect(sink.batches).toEqual([[{ kind: 'insert', seq: 0, exchange: initiated(a) }]]);
    await Promise.resolve();
    queue.push({ kind: 'finish', seq: 1, exchange: b });
    vi.advanceTimersToNextTimer();
    expect(sink.batches[1]).toEqual([{ kind: 'insert', seq: 1, exchange: b }]);
    // A request nobody answers soon (a long poll) is still written once it is as old as the delay.
    queue.push({ kind: 'insert', seq: 2, exchange: initiated(c) });
    vi.advanceTimersByTime(4);
    expect(sink.batches).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sink.batches[2]).toEqual([{ kind: 'insert', seq: 2, exchange: initiated(c) }]);
    expect(queue.size).toBe(0);
  });

  it('keeps seq order: an answer started after a young request waits for it, at most the delay', async () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, policy);
    const [slow, fast] = [makeExchange({ url: 'https://h/slow' }), makeExchange({ url: 'https://h/fast' })];
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(slow) });
    queue.push({ kind: 'insert', seq: 1, exchange: initiated(fast) });
    queue.push({ kind: 'finish', seq: 1, exchange: fast });
    vi.advanceTimersToNextTimer();
    expect(sink.batches).toEqual([]);
    vi.advanceTimersByTime(5);
    expect(sink.batches).toEqual([
      [
        { kind: 'insert', seq: 0, exchange: initiated(slow) },
        { kind: 'insert', seq: 1, exchange: fast },
      ],
    ]);
  });

  it('sends a completion on the next macrotask when no commit is in progress, without waiting out the delay', () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, { ...policy, maxDelayMs: 1000 });
    const answered = makeExchange();
    queue.push({ kind: 'insert', seq: 0, exchange: initiated(answered) });
    queue.push({ kind: 'finish', seq: 0, exchange: answered });
    expect(sink.batches).toEqual([]);
    vi.advanceTimersToNextTimer();
    expect(sink.batches).toEqual([[{ kind: 'insert', seq: 0, exchange: answered }]]);
  });

  it('sends a completion after a quiet spell at once, and the completions of a busy spell together at the end of the interval', async () => {
    const sink = recordingSink();
    const queue = new BatchQueue(sink.send, { ...policy, maxExchanges: 100, minSendIntervalMs: 10 });
    const [a, b, c, d] = [makeExchange({ url: 'https://h/a' }), makeExchange({ url: 'https://h/b' }), makeExchange({ url: 'https://h/c' }), makeExchange({ url: 'https://h/d' })];
    queue.push({ kind: 'finish', seq: 0, exchange: a });
    vi.advanceTimersToNextTimer();
    expect(sink.batches.map((b) => b.map((op) => op.seq))).toEqual([[0]]);
    await Promise.resolve();
    vi.advanceTimersByTime(2);
    queue.push({ kind: 'finish', seq: 1, exchange: b });
    vi.advanceTimersByTime(3);
    queue.push({ kind: 'finish', seq: 2, exchange: c });
    vi.advanceTimersByTime(4);
    // 9 ms after the first send: still within its interval.
    expect(sink.batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sink.batches.map((b) => b.map((op) => op.seq))).toEqual([[0], [1, 2]]);
    await Promise.resolve();
    vi.advanceTimersByTime(30);
    queue.push({ kind: 'finish', seq: 3, exchange: d });
    vi.advanceTimersToNextTimer();
    expect(sink.batches.map((b) => b.map((op) => op.seq))).toEqual([[0], [1, 2], [3]]);
  });

  it('sends completions that arrive during a commit together, right after that commit', async () => {
    vi.useRealTimers();
    const batches: WriteOp[][] = [];
    const commits: (() => void)[] = [];
    const queue = new BatchQueue((ops) => new Promise<void>((resolve) => (batches.push(ops), commits.push(resolve))), { ...policy, maxDelayMs: 60_000 });
    const [a, b, c] = [makeExchange({ url: 'https://h/a' }), makeExchange({ url: 'https://h/b' }), makeExchange({ url: 'https://h/c' })];
    queue.push({ kind: 'finish', seq: 0, exchange: a });
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    queue.push({ kind: 'finish', seq: 1, exchange: b });
    queue.push({ kind: 'finish', seq: 2, exchange: c });
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    commits[0]?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches.map((batch) => batch.map((op) => op.seq))).toEqual([[0], [1, 2]]);
    commits[1]?.();
  });

  it('resolves a flush only when every batch sent before it is committed', async () => {
    vi.useRealTimers();
    const commits: ((value?: unknown) => void)[] = [];
    const queue = new BatchQueue((ops) => new Promise<void>((resolve) => commits.push(() => resolve(void ops))), policy);
    queue.push({ kind: 'insert', seq: 0, exchange: makeExchange() });
    const first = queue.flush();
    let settled = false;
    const second = queue.flush().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    commits[0]?.();
    await first;
    await second;
    expect(settled).toBe(true);
  });
});
