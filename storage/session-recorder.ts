/**
 * What the recording proxy holds for one session: hook methods named after the moments of an
 * exchange's life (after mitmproxy's addons). Each call only enqueues in memory and returns;
 * batches are committed by the writer host, off the caller's path.
 */
import type { AbortedExchange, CompletedExchange, InitiatedExchange, RecordedExchange } from '../protocol/exchange.ts';
import { BatchQueue, DEFAULT_BATCH_POLICY, type BatchPolicy, type QueueTimers } from './batch-queue.ts';
import type { SessionRecord, WriteOp } from './exchange-writer.ts';
import type { WriterHost } from './writer-host.ts';

/**
 * Identifies an exchange within its recorder's session: its `seq`, the order it started in
 * (0, 1, 2…), as `StoredExchange.seq` later shows it. Pass it back to `onResponse`/`onError`.
 */
export type ExchangeRef = number;

export interface RecorderOptions {
  /** When a batch is sent; see BatchPolicy for the defaults. */
  readonly batch?: Partial<BatchPolicy>;
  /**
   * Told when a batch could not be committed (disk full, damaged file) or derivation failed, and
   * when another process's write lock holds batches up: they then wait in memory, in order, and
   * are written once it is released; only past the memory bound are batches refused. The
   * exchanges of a refused batch are lost; the file keeps everything committed before. The same
   * sentence twice in a row is told once. Default: one line on stderr.
   */
  readonly onWriteError?: (error: Error) => void;
  /** Timer functions, for tests with fake timers. */
  readonly timers?: QueueTimers;
}

export interface EndOptions {
  /** Wall clock the session ended, epoch milliseconds; default now. */
  readonly endedAtMs?: number;
  /** Replaces the session's notes when given. */
  readonly notes?: string;
  /** Wait until every exchange is derived before stopping the writer (default true). */
  readonly waitForDerivation?: boolean;
}

export class SessionRecorder {
  private readonly queue: BatchQueue;
  private nextSeq = 0;
  private ended = false;

  constructor(
    /** The session as created: id, name, start time, mode, whether it redacts. */
    readonly session: SessionRecord,
    private readonly host: WriterHost,
    options: RecorderOptions = {},
  ) {
    const tell = options.onWriteError ?? ((error: Error) => process.stderr.write(`ucwa-inspector: recording to session ${session.id}: ${error.message}\n`));
    // While memory is full under a lock every refused batch carries the same sentence: say it once.
    let lastSaid = '';
    const report = (error: Error): void => {
      if (error.message === lastSaid) return;
      lastSaid = error.message;
      tell(error);
    };
    const send = async (ops: WriteOp[]): Promise<void> => {
      try {
        await host.write(session.id, ops);
        lastSaid = '';
      } catch (error) {
        report(error as Error);
        throw error;
      }
    };
    this.queue = new BatchQueue(send, { ...DEFAULT_BATCH_POLICY, ...options.batch }, options.timers);
  }

  get sessionId(): number {
    return this.session.id;
  }

  /** A request began (headers known; the body may still be arriving). Visible to readers once it has waited the batch delay unanswered (under heavy traffic, up to the send interval; or after `flush()`), long before a long poll's response. */
  onRequest(exchange: InitiatedExchange): ExchangeRef {
    return this.enqueue('insert', exchange, undefined);
  }

  /** A response arrived in full. With `ref`, completes that exchange; without, records a new one whole. */
  onResponse(exchange: CompletedExchange, ref?: ExchangeRef): ExchangeRef {
    return this.enqueue('finish', exchange, ref);
  }

  /** The exchange ended without a complete response (refused, reset, timeout, client gone). With `ref`, ends that exchange; without, records a new one. */
  onError(exchange: AbortedExchange, ref?: ExchangeRef): ExchangeRef {
    return this.enqueue('finish', exchange, ref);
  }

  /** Records an exchange at whatever stage it is, as a new one. */
  record(exchange: RecordedExchange): ExchangeRef {
    return this.enqueue('insert', exchange, undefined);
  }

  /** Commits everything enqueued so far; resolves when it is on disk (raw rows; derivation follows). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Resolves when everything committed so far is also derived (decoded rows, events, search text). */
  async whenDerived(): Promise<void> {
    await this.queue.flush();
    await this.host.whenIdle();
  }

  /** Flushes, marks the session ended, and stops the writer. Later calls to the hooks throw. */
  async end(options: EndOptions = {}): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await this.queue.flush();
    } finally {
      await this.host.endSession(this.session.id, options.endedAtMs ?? Date.now(), options.notes);
      if (options.waitForDerivation ?? true) await this.host.whenIdle();
      await this.host.close();
    }
  }

  private enqueue(kind: WriteOp['kind'], exchange: RecordedExchange, ref: ExchangeRef | undefined): ExchangeRef {
    if (this.ended) throw new Error(`session ${this.session.id} has ended; start a new session to record more`);
    if (ref !== undefined && (!Number.isInteger(ref) || ref < 0 || ref >= this.nextSeq))
      throw new Error(`exchange ref ${ref} was not returned by this recorder (refs so far: 0…${this.nextSeq - 1})`);
    const seq = ref ?? this.nextSeq++;
    const op: WriteOp = kind === 'finish' && exchange.stage !== 'initiated' ? { kind, seq, exchange } : { kind: 'insert', seq, exchange };
    this.queue.push(op);
    return seq;
  }
}
