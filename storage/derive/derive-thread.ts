/**
 * Derivation as a two-stage pipeline on two cores: a worker thread reads the raw rows through
 * its own read-only connection and derives them (chunk-deriver.ts) while this thread, which owns
 * the write connection, only writes and commits the chunks it posts. This thread blocks on shared
 * counters instead of awaiting, so reindex and import stay synchronous. If the thread stops
 * (a crash, a failure to start), the exchange it was on is recorded as failed to derive and this
 * thread derives the rest itself: a stopped thread costs one exchange's derived rows, never the run.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ChunkDeriver } from './chunk-deriver.ts';
import type { DerivedChunk } from './derived-cells.ts';
import { SLOT_APPLIED, SLOT_COUNT, SLOT_CURRENT, SLOT_EXITED, SLOT_POSTED, SLOT_STARTED, START_TIMEOUT_MS, type DeriveThreadMessage, type DeriveThreadSettings } from './derive-thread-protocol.ts';

export interface ThreadRun {
  readonly path: string;
  readonly ids: readonly number[];
  readonly chunkSize: number;
  /**
   * A rebuild's clearing of the derived rows: run while the thread starts and derives its first
   * chunks, whose href indexes then start empty instead of being read from the file.
   */
  readonly clear?: () => void;
  /** Writes and commits one chunk, in one or more pieces (one transaction). */
  readonly write: (pieces: readonly DerivedChunk[]) => void;
  /** Hears how many of `ids` are written after each chunk. */
  readonly onWritten: (done: number) => void;
  /** Derives on this thread what the worker did not, after it stopped. */
  readonly fallback: ChunkDeriver;
  /** Where the one line about a stopped thread goes. */
  readonly warn: (line: string) => void;
  /** Tests only: see DeriveThreadSettings. */
  readonly exitAtExchangeId?: number;
}

export function deriveInThread(run: ThreadRun): void {
  const signal = new SharedArrayBuffer(SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT);
  const slots = new Int32Array(signal);
  Atomics.store(slots, SLOT_CURRENT, -1);
  const { port1, port2 } = new MessageChannel();
  const settings: DeriveThreadSettings = {
    path: run.path,
    ids: run.ids,
    chunkSize: run.chunkSize,
    freshIndexes: run.clear !== undefined,
    signal,
    port: port2,
    ...(run.exitAtExchangeId !== undefined ? { exitAtExchangeId: run.exitAtExchangeId } : {}),
  };
  const worker = spawnDeriveWorker(settings, port2);
  // Failures are read from the shared slots; the event would otherwise surface as an uncaught error later.
  worker.on('error', () => {});
  let written = 0;
  // A chunk's pieces wait here until its last one comes; a thread that stops mid-chunk leaves them unwritten.
  const pieces: DerivedChunk[] = [];
  try {
    run.clear?.();
    const stopped = receiveAll(port1, slots, (message) => {
      pieces.push(message.piece);
      if (!message.commit) return;
      run.write(pieces);
      written = message.to;
      Atomics.add(slots, SLOT_APPLIED, pieces.length);
      Atomics.notify(slots, SLOT_APPLIED);
      pieces.length = 0;
      run.onWritten(written);
    });
    if (stopped === null) return;
    finishAlone(run, written, stopped);
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Writes each chunk as it comes; returns null when the thread finished, or where and why it stopped. */
function receiveAll(port: MessagePort, slots: Int32Array, onPiece: (message: DeriveThreadMessage & { type: 'piece' }) => void): { position: number; reason: string } | null {
  for (;;) {
    const seen = Atomics.load(slots, SLOT_POSTED);
    // Read before the queue: once the thread has exited, everything it posted is already queued.
    const exited = Atomics.load(slots, SLOT_EXITED) === 1;
    const received = receiveMessageOnPort(port);
    if (received !== undefined) {
      const message = received.message as DeriveThreadMessage;
      if (message.type === 'done') return null;
      if (message.type === 'failed') return { position: message.position, reason: message.reason };
      onPiece(message);
      continue;
    }
    if (exited) return { position: Atomics.load(slots, SLOT_CURRENT), reason: 'the thread exited' };
    // A thread whose boot never ran (it could not even load) would never mark its exit.
    if (Atomics.wait(slots, SLOT_POSTED, seen, START_TIMEOUT_MS) === 'timed-out' && Atomics.load(slots, SLOT_STARTED) === 0)
      return { position: -1, reason: `it did not start within ${START_TIMEOUT_MS / 1000} s` };
  }
}

/** After the thread stopped at `stopped.position`: derives what lies before it, marks it failed, derives the rest. */
function finishAlone(run: ThreadRun, written: number, stopped: { position: number; reason: string }): void {
  const { ids, chunkSize, fallback } = run;
  const blamed = stopped.position >= written ? stopped.position : -1;
  const blamedId = blamed >= 0 ? ids[blamed] : undefined;
  run.warn(
    blamedId === undefined
      ? `the derivation thread stopped (${stopped.reason}) before deriving anything; deriving on the main thread instead`
      : `the derivation thread stopped (${stopped.reason}) while deriving exchange ${blamedId}; that exchange is left with a failed derivation (its raw exchange is intact; \`reindex\` tries again), the rest are derived on the main thread`,
  );
  fallback.forget();
  const deriveRange = (from: number, to: number): void => {
    for (let at = from; at < to; at += chunkSize) {
      const end = Math.min(at + chunkSize, to);
      run.write([fallback.derive(ids.slice(at, end))]);
      run.onWritten(end);
    }
  };
  if (blamedId === undefined) {
    deriveRange(written, ids.length);
    return;
  }
  deriveRange(written, blamed);
  run.write([fallback.failed(blamedId, `the derivation thread stopped on it (${stopped.reason})`)]);
  run.onWritten(blamed + 1);
  deriveRange(blamed + 1, ids.length);
}

/**
 * Compiled (the installed package), this file is derive-thread.js and the worker derive-worker.js
 * beside it; run as TypeScript (Vitest, tsx) the worker first registers tsx, as writer-thread.ts
 * does. The boot marks the thread exited in the shared slots whatever stops it, even a worker
 * file that fails to load, so the writer never waits for a thread that is gone.
 */
function spawnDeriveWorker(settings: DeriveThreadSettings, port: MessagePort): Worker {
  const entry = new URL(`./derive-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const register = entry.pathname.endsWith('.ts')
    ? `import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href)}).then((tsx) => tsx.register())`
    : 'Promise.resolve()';
  // Only import(), no require: the eval runs as a module when the process was started with --input-type=module, which workers inherit.
  const boot = `
    import('node:worker_threads').then(({ workerData }) => {
      const slots = new Int32Array(workerData.signal);
      process.on('exit', () => { Atomics.store(slots, ${SLOT_EXITED}, 1); Atomics.add(slots, ${SLOT_POSTED}, 1); Atomics.notify(slots, ${SLOT_POSTED}); });
      Atomics.store(slots, ${SLOT_STARTED}, 1);
      return ${register};
    }).then(() => import(${JSON.stringify(entry.href)}));`;
  // A young generation of 192 MB (64 MB semi-spaces, against 16 by default): what is being
  // derived and the href index's new entries survive each young collection, so fewer collections
  // copy them fewer times. A reindex of 100,000 exchanges here (before pieces): 91 collections
  // taking 1.6 s in this thread, against 289 taking 2.0 s.
  return new Worker(boot, { eval: true, workerData: settings, transferList: [port], resourceLimits: { maxYoungGenerationSizeMb: 192 } });
}
