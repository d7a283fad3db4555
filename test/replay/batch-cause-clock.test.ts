// Which request released an event batch, when the client's reaction started in the same wall-clock
// millisecond as the batch's first byte: the recorder's monotonic clock orders them.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingIndex } from '../../replay/recording-index.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { exchangeAt, readFixtureJson, writeFixtureJson, type FixtureExchange } from '../support/edit-fixture.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-batch-cause-');
afterAll(() => tmp.cleanup());

type Timed = FixtureExchange & { timings: { startedAtMs: number; startedMonoMs: number } };

/** calls-json, with exchange 15 (the decline of the call batch 13 offered) noted in the same wall millisecond as 13's first byte. */
function causeOfBatch13(): string | undefined {
  const fixture = readFixtureJson(fileURLToPath(new URL('../../recordings/calls-json.json', import.meta.url)));
  const batch = exchangeAt(fixture, 13) as Timed;
  const decline = exchangeAt(fixture, 15) as Timed;
  const firstByteMs = batch.timings.firstByteMs ?? 0;
  // Wall starts are whole milliseconds: the batch at 0.9 ms into its millisecond, its first byte 0.3 ms later.
  batch.timings.firstByteMs = Math.floor(firstByteMs) + 0.3;
  decline.timings.startedAtMs = batch.timings.startedAtMs + Math.floor(firstByteMs);
  decline.timings.startedMonoMs = batch.timings.startedMonoMs + Math.floor(firstByteMs) + 0.4;
  const file = writeFixtureJson(tmp.path('calls-same-millisecond.json'), fixture);
  const store = RecordingStore.open(tmp.path('calls.db'), { create: true });
  try {
    const { id } = store.importSession(readImportFile(file).session);
    const index = new RecordingIndex(store.requestSides(id), null, { ignore: new Set() }, (exchangeId) => store.responseContentOf(exchangeId), store.eventBatchesOf(id));
    const placed = index.batches.find((b) => b.exchangeId === store.getExchangeBySeq(id, 13)?.id);
    return placed?.cause?.key;
  } finally {
    store.close();
  }
}

describe('the cause of an event batch', () => {
  it('is a request started before the batch began to arrive, on the monotonic clock, not the reaction started in the same millisecond', () => {
    // Bob's call came on the remote's own clock: nothing the client sent caused it, and the decline, sent after, must not.
    expect(causeOfBatch13() ?? 'no cause').not.toMatch(/decline/);
  });
});
