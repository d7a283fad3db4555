/**
 * Timelines: events folded per second by the reducer (against a loop that only walks the same
 * events, measured in the same run), the time to build the timelines of a 100,000-exchange
 * session from its recorded bytes (decoding included) and from the inputs derivation stored
 * (against reading the same session's raw exchanges), and derivation's own rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldTimeline, timelineInputs, type ExchangeRef, type TimelineInput } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { makeConversationTraffic } from '../../test/support/ucwa-traffic.ts';
import { median, type Bench, type BenchRow } from '../bench-section.ts';

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
function storedSession(exchanges: readonly ExchangeRef[]): { store: RecordingStore; sessionId: number; deriveMs: number; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ucwa-timeline-bench-'));
  const store = RecordingStore.open(join(dir, 'session.db'), { create: true });
  const start = performance.now();
  const { id } = store.importSession({
    session: { name: 'bench', startedAtMs: 1_700_000_000_000, endedAtMs: null, upstream: null, mode: 'reverse', notes: '', redacted: false },
    exchanges: exchanges.map(({ seq, exchange }) => ({ seq, exchange, redactions: [] })),
  });
  const deriveMs = performance.now() - start;
  return {
    store,
    sessionId: id,
    deriveMs,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
    const [storedMs, rawReadMs] = timedInTurns(
      () => {
        sink += sessionTimeline(stored.store, stored.sessionId).conversations.length;
      },
      () => {
        for (const row of stored.store.iterateExchanges(stored.sessionId)) sink += row.exchange.request.body.byteLength;
      },
      5,
    );
    stored.close();
    const derivedPerSecond = Math.round(SESSION_EXCHANGES / (stored.deriveMs / 1000));
    const eventsPerSecond = Math.round(events / (eventFoldMs / 1000));
    const inputsPerSecond = Math.round(inputs.length / (foldMs / 1000));
    const rows: BenchRow[] = [
      { metric: `events folded by the reducer (${events.toLocaleString('en')} events, each embedding its resource)`, value: eventsPerSecond, unit: 'events/s', baseline: { name: 'a loop only walking the events', value: Math.round(events / (walkMs / 1000)) }, aim: '≥ 200,000/s', met: eventsPerSecond >= 200_000 },
      { metric: `all inputs of the same exchanges folded (${inputs.length.toLocaleString('en')} requests, snapshots and events)`, value: inputsPerSecond, unit: 'inputs/s' },
      { metric: `timelines of a ${SESSION_EXCHANGES.toLocaleString('en')}-exchange session from raw bytes (decode + sort + fold)`, value: Math.round(buildMs), unit: 'ms' },
      {
        metric: `timelines of the same session from its stored inputs (read in order + fold), time`,
        value: Math.round(storedMs),
        unit: 'ms',
        baseline: { name: 'reading the session\'s raw exchanges', value: Math.round(rawReadMs) },
        aim: '≤ 1000 ms and ≤ 0.25× the raw read',
        met: storedMs <= 1000 && storedMs <= 0.25 * rawReadMs,
      },
      { metric: `derivation of the same session in one import (decoded, indexed, timeline inputs stored)`, value: derivedPerSecond, unit: 'exchanges/s', aim: '≥ 10,000/s', met: derivedPerSecond >= 10_000 },
    ];
    if (sink === -1) rows.length = 0; // keeps the work observable
    return {
      name: 'timeline',
      title: 'Conversation timelines (protocol/timeline/)',
      method: `Traffic from test/support/ucwa-traffic.ts (sign-in, an incoming IM conversation with JSON and XML event batches, each flow with its own hrefs), repeated. Fold: the median of 9 folds after one warm-up of the event inputs of 20,000 exchanges (already decoded and sorted), then of all their inputs; baseline: a loop touching each event. Build: the median of 3 runs turning ${SESSION_EXCHANGES.toLocaleString('en')} recorded exchanges into inputs (decoding every body) and folding them. Stored: the same exchanges imported into a SQLite file in a temp dir (RecordingStore.importSession: raw rows, then derivation, which also stores the timeline inputs; its time gives the derivation row, raw inserts included), then 5 sessionTimeline() calls (read the stored rows, one per exchange and moment holding only what the fold reads, in fold order; parse and fold them as they are read) in turns with 5 reads of the session's raw exchanges (iterateExchanges, bodies included), after a warm-up of each, so that load from other work falls on both alike; the medians.`,
      rows,
    };
  },
};
