/**
 * Entry point of the writer worker thread: opens its own connection to the recording and runs
 * the write loop on it, answering the recorder's requests in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './open-database.ts';
import { WriteLoop } from './write-loop.ts';
import { serializeError, type WorkerReply, type WorkerRequest, type WorkerSettings } from './writer-protocol.ts';

if (parentPort === null) throw new Error('writer-worker.ts runs only as a worker thread');
const port = parentPort;
const settings = workerData as WorkerSettings;
const reply = (message: WorkerReply): void => port.postMessage(message);

/** Replies once a write that may wait for another process's lock is committed or refused. */
function answer(id: number, write: Promise<void>): void {
  write.then(
    () => reply({ type: 'done', id }),
    (error: unknown) => reply({ type: 'failed', id, error: serializeError(error) }),
  );
}

function start(): void {
  let loop: WriteLoop;
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(settings.path, { create: true, ...(settings.busyTimeoutMs !== undefined ? { busyTimeoutMs: settings.busyTimeoutMs } : {}) });
    loop = new WriteLoop(db, { path: settings.path, catchUp: settings.catchUp ?? true, ...(settings.maxWaitingBytes !== undefined ? { maxWaitingBytes: settings.maxWaitingBytes } : {}), onError: (error) => reply({ type: 'background-error', error: serializeError(error) }) });
  } catch (error) {
    reply({ type: 'open-failed', error: serializeError(error) });
    return;
  }
  port.on('message', (request: WorkerRequest) => {
    try {
      switch (request.type) {
        case 'start-session':
          reply({ type: 'done', id: request.id, result: loop.startSession(request.session) });
          return;
        case 'batch':
          answer(request.id, loop.writeBatch(request.sessionId, request.ops));
          return;
        case 'end-session':
          answer(request.id, loop.endSession(request.sessionId, request.endedAtMs, request.notes));
          return;
        case 'idle':
          void loop.whenIdle().then(() => reply({ type: 'done', id: request.id }));
          return;
        case 'close':
          loop.close();
          db.close();
          reply({ type: 'done', id: request.id });
          port.close();
          return;
      }
    } catch (error) {
      reply({ type: 'failed', id: request.id, error: serializeError(error) });
    }
  });
  reply({ type: 'ready' });
}

start();
