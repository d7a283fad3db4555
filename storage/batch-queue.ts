/**
 * The recorder's in-memory queue: ops wait here until a batch fills (by count or bytes) or a
 * few milliseconds pass, then go to the writer in one piece. A completion (an answer the client
 * has just been sent) does not wait out the delay: it goes on the next macrotask when no commit
 * is in progress and the last send was at least `minSendIntervalMs` ago, else at the end of that
 * interval or right after the commit in progress (group commit). Under heavy traffic the writer
 * so commits one batch per interval, not one per answer or two: its cost per commit (and the
 * messages and wakeups between the threads) is shared by many exchanges. A crash loses at most
 * the answers of about one interval plus one commit's duration. An exchange that starts and
 * finishes within one batch is written once, in its final stage. Enqueueing never waits:
 * sending happens on a later macrotask, never inside the caller's call. A burst recorded in
 * one call stack (an import, a test) still goes as batches of the policy's size, so the writer
 * commits the first while the next is handed over, and no transaction grows without bound.
 *
 * A timed send holds back a request that started less than `maxDelayMs` ago, and the ops after
 * it: most such requests are answered within that time and are then written once, whole, where
 * sending the request alone would cost the writer an insert and then an update of every column
 * and index. Ops keep their seq order (rows keep ids in start order); a completion held behind a
 * young request waits at most until it is answered or `maxDelayMs` old. `flush()` holds nothing.
 */
import type { RecordedExchange } from '../protocol/exchange.ts';
import type { WriteOp } from './exchange-writer.ts';

export interface BatchPolicy {
  /** Send once this many exchanges wait. Default 256. */
  readonly maxExchanges: number;
  /** Send once the waiting bodies reach this many bytes. Default 4 MiB. */
  readonly maxBytes: number;
  /** Send at most this long after the first op of a batch arrived. Default 5 ms. */
  readonly maxDelayMs: number;
  /**
   * A completion waits until this long after the previous send (group commit by time). Light
   * traffic is unaffected (a completion after a quiet spell goes at once); under heavy traffic
   * the writer then commits one larger batch per interval instead of many small ones. Default 10 ms.
   */
  readonly minSendIntervalMs: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxExchanges: 256, maxBytes: 4 * 1024 * 1024, maxDelayMs: 5, minSendIntervalMs: 10 };

/** The timer functions the queue uses; tests pass fake ones. */
export interface QueueTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(callback: () => void): unknown;
  clearImmediate(handle: unknown): void;
}

const realTimers: QueueTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (callback) => setImmediate(callback),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

export class BatchQueue {
  private ops = new Map<number, WriteOp>();
  private bytes = 0;
  /** Full batches sealed since the last send, oldest first. */
  private sealed: WriteOp[][] = [];
  private timer: { kind: 'delay' | 'now'; handle: unknown; dueAtMs: number } | null = null;
  /** When the last batch was handed to `send`, epoch ms. */
  private lastSentAtMs = -Infinity;
  private lastSend: Promise<void> = Promise.resolve();
  /** Batches handed to `send` and not yet settled. */
  private inFlight = 0;
  /** A completion waits in `ops`. */
  private urgent = false;
  /** When each request still waiting in `ops` alone (no response yet) was pushed, epoch ms. */
  private readonly young = new Map<number, number>();

  constructor(
    private readonly send: (ops: WriteOp[]) => Promise<void>,
    private readonly policy: BatchPolicy = DEFAULT_BATCH_POLICY,
    private readonly timers: QueueTimers = realTimers,
  ) {}

  /** Number of ops waiting (coalesced). */
  get size(): number {
    return this.ops.size + this.sealed.reduce((n, batch) => n + batch.length, 0);
  }

  push(op: WriteOp): void {
    const waiting = this.ops.get(op.seq);
    // Map.set on an existing key keeps its place, so the batch stays in seq order.
    this.ops.set(op.seq, waiting?.kind === 'insert' ? { kind: 'insert', seq: op.seq, exchange: op.exchange } : op);
    this.bytes += sizeOf(op.exchange);
    if (op.exchange.stage === 'initiated') this.young.set(op.seq, Date.now());
    else this.young.delete(op.seq);
    if (this.ops.size >= this.policy.maxExchanges || this.bytes >= this.policy.maxBytes) {
      this.seal();
      this.schedule('now');
    } else if (op.kind === 'finish') {
      this.urgent = true;
      this.scheduleUrgent();
    } else this.schedule('delay');
  }

  private seal(): void {
    if (this.ops.size === 0) return;
    this.urgent = false;
    this.sealed.push([...this.ops.values()]);
    this.ops = new Map();
    this.bytes = 0;
    this.young.clear();
  }

  /**
   * Seals the ops before the first request younger than `maxDelayMs`; the rest wait for the next
   * send. Returns how long until that request is no longer young (0 when nothing was held).
   */
  private sealSettled(): number {
    const nowMs = Date.now();
    let cut = -1;
    let heldForMs = 0;
    for (const [seq, pushedAtMs] of this.young) {
      if (nowMs - pushedAtMs < this.policy.maxDelayMs) {
        cut = seq;
        heldForMs = pushedAtMs + this.policy.maxDelayMs - nowMs;
        break;
      }
    }
    if (cut < 0) {
      this.seal();
      return 0;
    }
    const settled: WriteOp[] = [];
    const held = new Map<number, WriteOp>();
    let holding = false;
    let heldBytes = 0;
    let heldUrgent = false;
    for (const [seq, op] of this.ops) {
      holding ||= seq === cut;
      if (!holding) settled.push(op);
      else {
        held.set(seq, op);
        heldBytes += sizeOf(op.exchange);
        heldUrgent ||= op.exchange.stage !== 'initiated';
      }
    }
    if (settled.length > 0) this.sealed.push(settled);
    for (const op of settled) this.young.delete(op.seq);
    this.ops = held;
    this.bytes = heldBytes;
    this.urgent = heldUrgent;
    return heldForMs;
  }

  /** Sends what waits now; resolves when it and every batch before it are committed. */
  flush(): Promise<void> {
    this.cancelTimer();
    this.seal();
    return this.sendSealed();
  }

  /** A timed send: what waits, but requests younger than the delay (and what follows them) stay for the next. */
  private sendDue(): Promise<void> {
    this.cancelTimer();
    const heldForMs = this.sealSettled();
    if (this.ops.size > 0) this.schedule('delay', heldForMs);
    return this.sendSealed();
  }

  private sendSealed(): Promise<void> {
    if (this.sealed.length === 0) return this.lastSend;
    this.lastSentAtMs = Date.now();
    const sends = this.sealed.map((ops) => this.tracked(ops));
    this.sealed = [];
    const sent = sends.length === 1 ? (sends[0] as Promise<void>) : Promise.all(sends).then(() => undefined);
    // Keep the chain alive after a failure: later flushes wait for order, the failure is reported once by whoever awaits `sent`.
    this.lastSend = sent.catch(() => undefined);
    return sent;
  }

  private tracked(ops: WriteOp[]): Promise<void> {
    this.inFlight++;
    const settle = (): void => {
      this.inFlight--;
      if (this.inFlight === 0 && this.urgent) this.scheduleUrgent();
    };
    const sent = this.send(ops);
    sent.then(settle, settle);
    return sent;
  }

  /**
   * A completion goes on the next macrotask when the writer is idle and the interval since the
   * last send has passed, else at the end of that interval; while a commit is in progress, right
   * after it (when it settles, this is called again) or at the delay, if that comes first.
   */
  private scheduleUrgent(): void {
    if (this.inFlight > 0) this.schedule('delay');
    else if (Date.now() >= this.lastSentAtMs + this.policy.minSendIntervalMs) this.schedule('now');
    else this.schedule('delay', 0);
  }

  /**
   * Sets the send timer, unless one already set is due sooner. A timed send is due `delayMs` from
   * now, but never sooner than the interval after the last send.
   */
  private schedule(kind: 'delay' | 'now', delayMs = this.policy.maxDelayMs): void {
    const nowMs = Date.now();
    const dueAtMs = kind === 'now' ? -Infinity : Math.max(nowMs + delayMs, this.lastSentAtMs + this.policy.minSendIntervalMs);
    if (this.timer !== null && this.timer.dueAtMs <= dueAtMs) return;
    this.cancelTimer();
    const fire = (): void => {
      this.timer = null;
      this.sendDue().catch(() => undefined);
    };
    this.timer = { kind, dueAtMs, handle: kind === 'now' ? this.timers.setImmediate(fire) : this.timers.setTimeout(fire, dueAtMs - nowMs) };
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    if (this.timer.kind === 'now') this.timers.clearImmediate(this.timer.handle);
    else this.timers.clearTimeout(this.timer.handle);
    this.timer = null;
  }
}

function sizeOf(exchange: RecordedExchange): number {
  const response = exchange.stage === 'initiated' ? null : exchange.response;
  return 256 + exchange.request.body.byteLength + (response?.body.byteLength ?? 0);
}
