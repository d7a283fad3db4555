/**
 * The recorder's in-memory queue: ops wait here until a batch fills (by count or bytes) or a
 * few milliseconds pass, then go to the writer in one piece. A completion (an answer the client
 * has just been sent) does not wait out the delay: it goes on the next macrotask when no commit
 * is in progress, else right after that commit (group commit), so a crash loses at most the
 * answers of about one commit's duration while batches still grow with the load. An exchange that starts and
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
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxExchanges: 256, maxBytes: 4 * 1024 * 1024, maxDelayMs: 5 };

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
  private timer: { kind: 'delay' | 'now'; handle: unknown } | null = null;
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
      this.schedule(this.inFlight === 0 ? 'now' : 'delay');
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
      if (this.inFlight === 0 && this.urgent) this.schedule('now');
    };
    const sent = this.send(ops);
    sent.then(settle, settle);
    return sent;
  }

  private schedule(kind: 'delay' | 'now', delayMs = this.policy.maxDelayMs): void {
    if (this.timer?.kind === 'now' || (this.timer?.kind === 'delay' && kind === 'delay')) return;
    this.cancelTimer();
    const fire = (): void => {
      this.timer = null;
      this.sendDue().catch(() => undefined);
    };
    this.timer = { kind, handle: kind === 'now' ? this.timers.setImmediate(fire) : this.timers.setTimeout(fire, delayMs) };
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
