/**
 * Hosts a recorder's write loop in a worker thread, so committing batches and decoding bodies
 * never run on the thread that forwards traffic. Requests are answered in order; a worker that
 * dies fails every outstanding request with the reason.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { NewSession, SessionRecord, WriteOp } from './exchange-writer.ts';
import type { WriterHost } from './writer-host.ts';
import { deserializeError, type WorkerReply, type WorkerRequest, type WorkerSettings } from './writer-protocol.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class ThreadWriterHost implements WriterHost {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {}

  /** Starts the worker and resolves once it has opened (and if need be upgraded) the file; rejects with the reason it could not. */
  static start(settings: WorkerSettings, onBackgroundError: (error: Error) => void): Promise<ThreadWriterHost> {
    const worker = spawnWorker(settings);
    const host = new ThreadWriterHost(worker);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerReply) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            resolve(host);
            return;
          case 'open-failed':
            reject(deserializeError(message.error));
            void worker.terminate();
            return;
          case 'background-error':
            onBackgroundError(deserializeError(message.error));
            return;
          case 'done':
          case 'failed': {
            const pending = host.pending.get(message.id);
            host.pending.delete(message.id);
            if (message.type === 'done') pending?.resolve(message.result);
            else pending?.reject(deserializeError(message.error));
            return;
          }
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        host.fail(new Error(`The recording writer thread failed: ${error.message}. Exchanges not yet committed are lost; the file holds everything committed before.`));
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`The recording writer thread exited (code ${code}) before opening ${settings.path}.`));
        host.fail(new Error(`The recording writer thread has stopped (exit code ${code}).`));
      });
    });
  }

  startSession(session: NewSession): Promise<SessionRecord> {
    return this.request({ type: 'start-session', session }) as Promise<SessionRecord>;
  }

  async write(sessionId: number, ops: readonly WriteOp[]): Promise<void> {
    await this.request({ type: 'batch', sessionId, ops });
  }

  async endSession(sessionId: number, endedAtMs: number, notes?: string): Promise<void> {
    await this.request({ type: 'end-session', sessionId, endedAtMs, ...(notes !== undefined ? { notes } : {}) });
  }

  async whenIdle(): Promise<void> {
    await this.request({ type: 'idle' });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.request({ type: 'close' });
    await this.worker.terminate();
  }

  private request(body: RequestBody): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(this.failure);
    this.pending.clear();
  }
}

/**
 * The installed package is compiled: this file is writer-thread.js and loads writer-worker.js
 * beside it. Run as TypeScript from a checkout (Vitest, tsx), the worker's source is `.ts`, which
 * a worker thread cannot load without a loader of its own, so it first registers tsx (a dev
 * dependency, present in every checkout).
 */
function spawnWorker(settings: WorkerSettings): Worker {
  const entry = new URL(`./writer-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: settings });
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: settings });
}
