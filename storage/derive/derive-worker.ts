/**
 * The derivation thread's entry: opens the recording read-only, derives the given exchanges
 * chunk by chunk and posts each chunk's rows to the writer, never more than a few chunks ahead.
 */
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../open-database.ts';
import { ChunkDeriver } from './chunk-deriver.ts';
import { MAX_CHUNKS_AHEAD, SLOT_APPLIED, SLOT_CURRENT, SLOT_POSTED, type DeriveThreadMessage, type DeriveThreadSettings } from './derive-thread-protocol.ts';

const settings = workerData as DeriveThreadSettings;
const MMAP_BYTES = 1 << 30;
const slots = new Int32Array(settings.signal);

function post(message: DeriveThreadMessage): void {
  settings.port.postMessage(message);
  Atomics.add(slots, SLOT_POSTED, 1);
  Atomics.notify(slots, SLOT_POSTED);
}

try {
  const db = openDatabase(settings.path, { readOnly: true });
  // Pages read through a memory map, not a read() call each: on a VM where system calls are slow
  // that was about a fifth of this thread's row reads. Nothing shrinks the file while it runs.
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  const deriver = new ChunkDeriver(db, settings.freshIndexes);
  const { ids, chunkSize } = settings;
  let posted = 0;
  for (let from = 0; from < ids.length; from += chunkSize) {
    for (let applied = Atomics.load(slots, SLOT_APPLIED); posted - applied >= MAX_CHUNKS_AHEAD; applied = Atomics.load(slots, SLOT_APPLIED)) Atomics.wait(slots, SLOT_APPLIED, applied);
    const slice = ids.slice(from, from + chunkSize);
    // One read transaction per chunk: one snapshot, and no lock taken per row.
    const chunk = db.transaction(() =>
      deriver.derive(slice, (position) => {
        Atomics.store(slots, SLOT_CURRENT, from + position);
        if (slice[position] === settings.exitAtExchangeId) process.exit(70);
      }),
    )();
    post({ type: 'chunk', to: from + slice.length, chunk });
    posted++;
  }
  db.close();
  post({ type: 'done' });
} catch (error) {
  post({ type: 'failed', position: Atomics.load(slots, SLOT_CURRENT), reason: error instanceof Error ? error.message : String(error) });
} finally {
  settings.port.close();
}
