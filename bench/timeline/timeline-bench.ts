/**
 * Timelines: events folded per second by the reducer (against a loop that only walks the same
 * events, measured in the same run), the time to build the timelines of a 100,000-exchange
 * session from its recorded bytes (decoding included), from its fold checkpoints and from all the
 * inputs derivation stored (against reading the same session's raw exchanges), what checkpoints
 * cost, and derivation's own rate.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldTimeline, timelineInputs, type ExchangeRef, type TimelineInput } from '../../protocol/timeline/index.ts';
import { Deriver } from '../../storage/derive/deriver.ts';
import { openDatabase } from '../../storage/open-database.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline, stateAt } from '../../storage/timeline/session-timeline.ts';
import { checkpointState, writeCheckpoint } from '../../storage/timeline/checkpoint-rows.ts';
import { encodedState } from '../../storage/timeline/checkpoint-encoding.ts';
import { makeConversationTraffic } from '../../test/support/ucwa-traffic.ts';
import { median, type Bench, type BenchRow } from '../bench-section.ts';
import { liveTurnsInChild } from './live-turns-process.ts';

const SESSION_EXCHANGES = 100_000;

function session(count: number): ExchangeRef[] {
  const out: ExchangeRef[] = [];
  for (let flow = 0; out.length < count; flow++)
    for (const exchange of makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000, incomingText: `Message ${flow}` })) {
      if (out.length === count) break;
      out.push({ id: out.length + 1, seq: out.length, exchange });
    }
  return out;
}

/** The session written to a temporary SQLite file and derived there, as an import does it. */
function storedSession(exchanges: readonly ExchangeRef[]): { store: RecordingStore; file: string; sessionId: number; deriveMs: number; deriveCpuMs: number; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ucwa-timeline-bench-'));
  const file = join(dir, 'session.db');
  const store = RecordingStore.open(file, { create: true });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const { id } = store.importSession({
    session: { name: 'bench', startedAtMs: 1_700_000_000_000, endedAtMs: null, upstream: null, mode: 'reverse', notes: '', redacted: false },
    exchanges: exchanges.map(({ seq, exchange }) => ({ seq, exchange, redactions: [] })),
  });
  const deriveMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const deriveCpuMs = (cpu.user + cpu.system) / 1000;
  return {
    store,
    file,
    sessionId: id,
    deriveMs,
    deriveCpuMs,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Derivation alone, as reindex runs it (Deriver.rebuild: clear, then derive, in a second thread while this one writes or all on this one), on a connection of its own; wall and CPU time. */
function deriveAgain(file: string, sessionId: number, thread: boolean): { ms: number; cpuMs: number } {
  const db = openDatabase(file);
  try {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    new Deriver(db).rebuild(sessionId, undefined, undefined, { thread });
    const cpu = process.cpuUsage(cpuStart);
    return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    db.close();
  }
}

function timed(work: () => void, rounds: number): number {
  work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Two pieces of work timed in turns (a, b, a, b…) after one warm-up each, so load on a shared machine falls on both alike: their medians. */
function timedInTurns(a: () => void, b: () => void, rounds: number): [number, number] {
  a();
  b();
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let start = performance.now();
    a();
    samplesA.push(performance.now() - start);
    start = performance.now();
    b();
    samplesB.push(performance.now() - start);
  }
  return [median(samplesA), median(samplesB)];
}

export const timelineBench: Bench = {
  name: 'timeline',
  async run() {
    const exchanges = session(SESSION_EXCHANGES);
    const inputs: TimelineInput[] = timelineInputs(exchanges.slice(0, 20_000));
    const events = inputs.filter((i) => i.kind === 'event').length;
    let sink = 0;
    const walkMs = timed(() => {
      for (const input of inputs) if (input.kind === 'event') sink += input.event.index + input.event.link.href.length;
    }, 9);
    const eventInputs = inputs.filter((i) => i.kind === 'event');
    const eventFoldMs = timed(() => {
      sink += foldTimeline(eventInputs).timeline.conversations.length;
    }, 9);
    const foldMs = timed(() => {
      sink += foldTimeline(inputs).timeline.conversations.length;
    }, 9);
    const buildMs = timed(() => {
      sink += foldTimeline(timelineInputs(exchanges)).timeline.conversations.length;
    }, 3);
    const stored = storedSession(exchanges);
    const { store, sessionId } = stored;
    const rawRead = (): void => {
      for (const row of store.iterateExchanges(sessionId)) sink += row.exchange.request.body.byteLength;
    };
    const [storedMs, rawReadMs] = timedInTurns(() => {
      sink += sessionTimeline(store, sessionId).conversations.length;
    }, rawRead, 5);
    const [fullFoldMs, rawReadMs2] = timedInTurns(() => {
      sink += foldTimeline(store.timelineInputStream(sessionId)).timeline.conversations.length;
    }, rawRead, 3);
    const file = new Database(stored.file);
    const checkpoints = file.prepare('SELECT id, at_ms, part_count, length(timeline) + length(machinery) + coalesce(length(CAST(plain_timeline AS BLOB)), 0) + (SELECT coalesce(sum(length(CAST(run AS BLOB))), 0) FROM timeline_plain_runs WHERE checkpoint_id = timeline_checkpoints.id) AS bytes FROM timeline_checkpoints WHERE session_id = ? ORDER BY at_ms').all(sessionId) as { id: number; at_ms: number; part_count: number; bytes: number }[];
    const partCount = file.prepare('SELECT count(*) FROM timeline_parts WHERE session_id = ?').pluck().get(sessionId) as number;
    const storedInputs = store.timelineInputs(sessionId);
    const middleAtMs = (storedInputs[Math.floor(storedInputs.length / 2)] as TimelineInput).atMs;
    // The worst moment: just before a checkpoint in the middle, so the one before it is a whole spacing back.
    const middleCheckpoint = checkpoints[Math.floor((checkpoints.length - 1) / 2)] ?? checkpoints[0];
    const beforeCheckpointAtMs = (middleCheckpoint?.at_ms ?? middleAtMs) - 1;
    const middleMs = timed(() => {
      sink += stateAt(store, sessionId, { atMs: middleAtMs }).conversations.length;
    }, 5);
    const worstMs = timed(() => {
      sink += stateAt(store, sessionId, { atMs: beforeCheckpointAtMs }).conversations.length;
    }, 5);
    const worstFolded = store.foldedTimeline(sessionId, { atMs: beforeCheckpointAtMs }).foldedInputs;
    // One checkpoint written at once, as an import's last write: encoding the newest state, deflating it, inserting it with its plain timeline.
    const newest = checkpoints.at(-1);
    const newestState = newest ? checkpointState(file, newest.id) : null;
    let writeMs = 0;
    if (newest && newestState) {
      const start = performance.now();
      const encoded = encodedState(newestState);
      file.transaction(() => writeCheckpoint(file, sessionId, { atMs: newest.at_ms, partId: Number.MAX_SAFE_INTEGER }, { parts: newest.part_count, inputs: 0 }, encoded, true))();
      writeMs = performance.now() - start;
    }
    // The whole pass an import makes, on its own: fold every stored input and write the checkpoints.
    file.prepare('DELETE FROM timeline_checkpoints').run();
    const passStart = performance.now();
    const pass = store.writeTimelineCheckpoints(sessionId);
    const passMs = performance.now() - passStart;
    file.close();
    // The live writer building the same session's checkpoints from nothing, as while it records: each turn timed, in a process holding only what the writer holds.
    const { turns, totalMs: liveMs, written: liveWritten, heapMb: liveHeapMb } = liveTurnsInChild(stored.file, sessionId, SESSION_EXCHANGES);
    const longestTurnMs = Math.max(...turns);
    const turnP99Ms = [...turns].sort((a, b) => a - b)[Math.floor(turns.length * 0.99)] ?? 0;
    // The first turn starts the build (which parts are settled, how many, on a connection opened just before): told apart from the turns of steady work.
    const longestTurnAt = turns.indexOf(longestTurnMs) + 1;
    const longestLaterTurnMs = Math.max(0, ...turns.slice(1));
    const checkpointBytes = checkpoints.reduce((sum, c) => sum + c.bytes, 0);
    const derivationAlone = deriveAgain(stored.file, sessionId, false);
    const derivation = deriveAgain(stored.file, sessionId, true);
    stored.close();
    const importedPerSecond = Math.round(SESSION_EXCHANGES / (stored.deriveMs / 1000));
    const importedPerCpuSecond = Math.round(SESSION_EXCHANGES / (stored.deriveCpuMs / 1000));
    const derivedPerSecond = Math.round(SESSION_EXCHANGES / (derivation.ms / 1000));
    const derivedPerCpuSecond = Math.round(SESSION_EXCHANGES / (derivation.cpuMs / 1000));
    const aloneDerivedPerSecond = Math.round(SESSION_EXCHANGES / (derivationAlone.ms / 1000));
    const aloneDerivedPerCpuSecond = Math.round(SESSION_EXCHANGES / (derivationAlone.cpuMs / 1000));
    const eventsPerSecond = Math.round(events / (eventFoldMs / 1000));
    const inputsPerSecond = Math.round(inputs.length / (foldMs / 1000));
    const rows: BenchRow[] = [
      { metric: `events folded by the reducer (${events.toLocaleString('en')} events, each embedding its resource)`, value: eventsPerSecond, unit: 'events/s', baseline: { name: 'a loop only walking the events', value: Math.round(events / (walkMs / 1000)) }, aim: '≥ 200,000/s', met: eventsPerSecond >= 200_000 },
      { metric: `all inputs of the same exchanges folded (${inputs.length.toLocaleString('en')} requests, snapshots and events)`, value: inputsPerSecond, unit: 'inputs/s' },
      { metric: `timelines of a ${SESSION_EXCHANGES.toLocaleString('en')}-exchange session from raw bytes (decode + sort + fold)`, value: Math.round(buildMs), unit: 'ms' },
      {
        metric: `timelines of the same session from its stored inputs: sessionTimeline(), read from the newest fold checkpoint the import wrote`,
        value: Math.round(storedMs),
        unit: 'ms',
        baseline: { name: 'reading the session\'s raw exchanges', value: Math.round(rawReadMs) },
        aim: '≤ 1000 ms and ≤ 0.25× the raw read',
        met: storedMs <= 1000 && storedMs <= 0.25 * rawReadMs,
      },
      { metric: `the same, folding all ${partCount.toLocaleString('en')} stored parts (${storedInputs.length.toLocaleString('en')} inputs) with no checkpoint: the read before checkpoints`, value: Math.round(fullFoldMs), unit: 'ms', baseline: { name: 'reading the session\'s raw exchanges', value: Math.round(rawReadMs2) } },
      { metric: `stateAt() at the session's midpoint (by inputs)`, value: Math.round(middleMs), unit: 'ms' },
      { metric: `stateAt() just before the middle checkpoint, the worst place (${worstFolded.toLocaleString('en')} inputs folded after the checkpoint before it)`, value: Math.round(worstMs), unit: 'ms' },
      { metric: `writing the session's newest checkpoint at once (encode, deflate, insert with its plain timeline): what an import's last write costs; the live writer does this only when a recording ends`, value: Math.round(writeMs), unit: 'ms' },
      {
        metric: `the live writer's longest turn on checkpoints, building the same session's ${liveWritten} checkpoints as while it records (${turns.length.toLocaleString('en')} turns, ${Math.round(liveMs).toLocaleString('en')} ms in all; 99th percentile turn ${Math.round(turnP99Ms)} ms; the longest is turn ${longestTurnAt.toLocaleString('en')}${longestTurnAt === 1 ? ', the one that starts the build' : ''}; the longest after the first ${Math.round(longestLaterTurnMs)} ms; the writer's heap at the end ${liveHeapMb} MB)`,
        value: Math.round(longestTurnMs),
        unit: 'ms',
        aim: '≤ 50 ms (tens of ms)',
        met: longestTurnMs <= 50,
      },
      { metric: `the import's checkpoint pass on its own (fold all stored inputs, write ${pass.written} checkpoints)`, value: Math.round(passMs), unit: 'ms' },
      { metric: `bytes the ${checkpoints.length} checkpoints (newest + spread) add per exchange`, value: Math.round(checkpointBytes / SESSION_EXCHANGES), unit: 'bytes' },
      { metric: `import of the same session as a whole (raw rows, derivation, fold checkpoints)`, value: importedPerSecond, unit: 'exchanges/s' },
      { metric: `the same import per second of this process's CPU time, both threads (which the shared machine's load inflates less)`, value: importedPerCpuSecond, unit: 'exchanges/s' },
      { metric: `derivation of the stored session (reindex without its checkpoint pass: decoded in a second thread, indexed, timeline inputs stored)`, value: derivedPerSecond, unit: 'exchanges/s', baseline: { name: 'the same derivation all on one thread', value: aloneDerivedPerSecond }, aim: '≥ 10,000/s', met: derivedPerSecond >= 10_000 },
      { metric: `the same derivation per second of this process's CPU time, both threads`, value: derivedPerCpuSecond, unit: 'exchanges/s', baseline: { name: 'all on one thread', value: aloneDerivedPerCpuSecond } },
    ];
    if (sink === -1) rows.length = 0; // keeps the work observable
    return {
      name: 'timeline',
      title: 'Conversation timelines (protocol/timeline/)',
      method: `Traffic from test/support/ucwa-traffic.ts (sign-in, an incoming IM conversation with JSON and XML event batches, each flow with its own hrefs), repeated. Fold: the median of 9 folds after one warm-up of the event inputs of 20,000 exchanges (already decoded and sorted), then of all their inputs; baseline: a loop touching each event. Build: the median of 3 runs turning ${SESSION_EXCHANGES.toLocaleString('en')} recorded exchanges into inputs (decoding every body) and folding them. Stored: the same exchanges imported into a SQLite file in a temp dir (RecordingStore.importSession: raw rows, then derivation, which also stores the timeline inputs, then the checkpoint pass; its time gives the import row, and its CPU time, process.cpuUsage of both threads, the row after it), and, after derivation, fold checkpoints written (storage/timeline/checkpoints.ts: the reducer's state after every stored input up to a point, the timeline and the machinery to fold on as JSON with a short list of patches for Maps, Sets and shared objects, each deflated (level 1), and the newest one's timeline also as plain JSON, kept as a small frame and runs of some 64 K characters of items (storage/timeline/plain-timeline.ts); the newest at the end of what is settled and up to 3 spread through the session; derivation deletes one when it inserts a part at or before its point, and a trigger when such a part is replaced or removed, and a read passes over one of another derivation or reducer version, or with an exchange not yet derived before it). Then 5 sessionTimeline() calls (the newest usable checkpoint at or before the point, plus a fold of the stored inputs after it: here none, so the plain timeline's frame and runs are parsed, put together and patched) in turns with 5 reads of the session's raw exchanges (iterateExchanges, bodies included), after a warm-up of each, so that load from other work falls on both alike; the medians. The same for 3 full folds of every stored input without a checkpoint (the stored-input stream parsed and folded as read). stateAt(): the median of 5 after a warm-up, at the input in the middle, and 1 ms before the middle checkpoint (the fold then starts a whole spacing back). Checkpoint write: the newest state decoded, then encoded, deflated and inserted again once with its plain timeline. Pass: the checkpoints deleted and written again by RecordingStore.writeTimelineCheckpoints (only the newest keeps a plain timeline). Live: in a child process of its own (bench/timeline/live-turns-process.ts), holding what the recorder's writer thread holds (a deriver with the session's href index, loaded by deriving its last exchange again, then the fold) and not this process's hundreds of MB of exchanges and inputs, whose full collection would be timed as the writer's pause, the checkpoints deleted, then storage/timeline/live-checkpoints.ts (what the recorder's writer runs between commits once derivation is idle) called turn after turn until its build is done, each call timed: fold state kept in memory, settled parts folded for about 8 ms a turn, the state encoded (big containers walked, the rest JSON.stringify'd piece by piece) and deflated (64 K characters at a time, a couple of pieces behind the walk) in turns too, then written without the plain timeline: staged in a row readers pass over, its deflated texts added 256 KB at a time in a transaction per turn, then published; the session has not ended, so this is the build a recording makes (the plain timeline is written when the session ends). Bytes: the checkpoints' two deflated texts and the newest one's plain timeline (frame and runs). Derivation: last, the session's derived rows rebuilt as reindex does it without its checkpoint pass (Deriver.rebuild on a connection of its own: clear the session's derived rows, then derive them in 2,000-exchange transactions), first all on one thread (the baseline), then with a worker thread reading (through a memory map) and decoding the raw rows, posting them in pieces of 250 exchanges, while this thread clears the old rows, then writes and commits the pieces 2,000 exchanges at a time; wall time, and CPU time of both threads; the aim is on the threaded run's wall-time rate.`,
      rows,
    };
  },
};
