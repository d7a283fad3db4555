/**
 * The derivation thread's entry: opens the recording read-only, derives the given exchanges
 * in pieces of a chunk and posts each piece's rows to the writer, never more than a few chunks ahead.
 */
import { workerData } from 'node:worker_threads';
import { openDatabase } from '../open-database.ts';
import { ChunkDeriver } from './chunk-deriver.ts';
import { MAX_CHUNKS_AHEAD, PIECE_SIZE, SLOT_APPLIED, SLOT_CURRENT, SLOT_POSTED, type DeriveThreadMessage, type DeriveThreadSettings } from './derive-thread-protocol.ts';

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
  const pieceSize = Math.min(PIECE_SIZE, chunkSize);
  const maxPiecesAhead = MAX_CHUNKS_AHEAD * Math.ceil(chunkSize / pieceSize);
  let posted = 0;
  for (let from = 0; from < ids.length; ) {
    for (let applied = Atomics.load(slots, SLOT_APPLIED); posted - applied >= maxPiecesAhead; applied = Atomics.load(slots, SLOT_APPLIED)) Atomics.wait(slots, SLOT_APPLIED, applied);
    // Pieces never straddle a chunk: the writer commits at each chunk's end.
    const chunkEnd = Math.min(ids.length, (Math.floor(from / chunkSize) + 1) * chunkSize);
    const to = Math.min(from + pieceSize, chunkEnd);
    const slice = ids.slice(from, to);
    const start = from;
    // One read transaction per piece: one snapshot, and no lock taken per row.
    const piece = db.transaction(() =>
      deriver.derive(slice, (position) => {
        Atomics.store(slots, SLOT_CURRENT, start + position);
        if (slice[position] === settings.exitAtExchangeId) process.exit(70);
      }),
    )();
    post({ type: 'piece', to, piece, commit: to === chunkEnd });
    posted++;
    from = to;
  }
  db.close();
  post({ type: 'done' });
} catch (error) {
  post({ type: 'failed', position: Atomics.load(slots, SLOT_CURRENT), reason: error instanceof Error ? error.message : String(error) });
} finally {
  settings.port.close();
}
