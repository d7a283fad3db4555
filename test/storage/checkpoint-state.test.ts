import { readdirSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emptyTimelineState, foldedInputs, inputsFromExchange, reduceTimeline, timelineJson, type TimelineInput, type TimelineState } from '../../protocol/timeline/index.ts';
import { readFixtureFile } from '../../storage/fixture/fixture-file.ts';
import { decodeGraph, encodeGraph } from '../../storage/timeline/graph-codec.ts';
import { parsePlainTimeline } from '../../storage/timeline/plain-timeline.ts';
import { GraphEncoder } from '../../storage/timeline/graph-encoder.ts';
import { StateEncoding, encodedState } from '../../storage/timeline/checkpoint-encoding.ts';
import { isSharedValue, timelineStateParts } from '../../protocol/timeline/index.ts';
import { decodeTimelineState, encodeTimelineState } from '../../storage/timeline/checkpoint-rows.ts';
import { makeResource } from '../support/make-resource.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

const recordingsDir = fileURLToPath(new URL('../../recordings/', import.meta.url));
const recordings = readdirSync(recordingsDir).filter((name) => name.endsWith('.json'));

/** A session's inputs in fold order, whole (as read from raw bytes) or as derivation stores them. */
function sessionInputs(exchanges: readonly { seq: number; exchange: Parameters<typeof inputsFromExchange>[0]['exchange'] }[], stored: boolean): TimelineInput[] {
  const all = exchanges.flatMap(({ seq, exchange }) => {
    const inputs = inputsFromExchange({ id: seq + 1, seq, exchange });
    return stored ? foldedInputs(inputs) : inputs;
  });
  return all.map((input, order) => ({ input, order })).sort((a, b) => a.input.atMs - b.input.atMs || a.order - b.order).map(({ input }) => input);
}

function fold(state: TimelineState, inputs: readonly TimelineInput[]): TimelineState {
  let next = state;
  for (const input of inputs) next = reduceTimeline(next, input);
  return next;
}

/** Folds all inputs once, and again split at each point: checkpointed there, restored, folded on. */
function expectCheckpointsFoldOn(inputs: readonly TimelineInput[]): void {
  const whole = fold(emptyTimelineState(), inputs);
  const points = [1, 2, 3, 5, 8].map((n) => Math.floor((inputs.length * n) / 9));
  for (const point of [0, ...points, inputs.length]) {
    const before = fold(emptyTimelineState(), inputs.slice(0, point));
    const restored = decodeTimelineState(encodeTimelineState(before));
    expect(restored).toStrictEqual(before);
    const after = fold(restored, inputs.slice(point));
    expect(after).toStrictEqual(whole);
    expect(JSON.stringify(timelineJson(after.timeline))).toBe(JSON.stringify(timelineJson(whole.timeline)));
  }
}

describe('a fold checkpoint of the reducer state', () => {
  it('has recordings to check', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(10);
  });

  it.each(recordings)('folds %s on from any point exactly as the whole fold does, whole inputs and stored ones', (name) => {
    const { exchanges } = readFixtureFile(`${recordingsDir}${name}`);
    expectCheckpointsFoldOn(sessionInputs(exchanges, false));
    expectCheckpointsFoldOn(sessionInputs(exchanges, true));
  });

  it('keeps a request held for the rest of its millisecond, and acts on it once restored', () => {
    const inv = '/app/communication/audioVideoInvitations/5';
    const decline: TimelineInput = { kind: 'request', atMs: 3000, cause: { exchangeId: 2, seq: 2, source: 'request' }, method: 'POST', href: `${inv}/decline` };
    const offer: TimelineInput = {
      kind: 'event',
      atMs: 3000.4,
      cause: { exchangeId: 1, seq: 1, source: 'event', eventIndex: 0 },
      event: { index: 0, sender: { rel: 'communication', href: '/app/communication' }, type: 'started', link: { rel: 'audioVideoInvitation', href: inv }, embedded: { audioVideoInvitation: [makeResource({ rel: 'audioVideoInvitation', href: inv, properties: { direction: 'Incoming' }, links: { conversation: '/app/communication/conversations/7', decline: `${inv}/decline` } })] } },
    };
    const held = fold(emptyTimelineState(), [decline]);
    expect(held.heldRequests).toHaveLength(1);
    expectCheckpointsFoldOn([decline, offer]);
    expect(fold(emptyTimelineState(), [decline, offer]).timeline.conversations[0]?.invitations[0]?.actions.map((a) => a.action)).toEqual(['decline']);
  });

  it('folds generated conversation traffic on from any point exactly as the whole fold does', () => {
    const exchanges = [0, 1, 2].flatMap((flow) => makeConversationTraffic({ app: 10 + flow, conversation: 20 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000 }));
    expectCheckpointsFoldOn(sessionInputs(exchanges.map((exchange, seq) => ({ seq, exchange })), false));
  });

  it('encodes a state in slices, stopping at every chance, into exactly the texts and blobs it writes at once', () => {
    const exchanges = [0, 1, 2, 3].flatMap((flow) => makeConversationTraffic({ app: 10 + flow, conversation: 20 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000 }));
    const state = fold(emptyTimelineState(), sessionInputs(exchanges.map((exchange, seq) => ({ seq, exchange })), true));
    const { timeline, machinery } = timelineStateParts(state);
    const sliced = new GraphEncoder([timeline, machinery], { isValue: isSharedValue });
    let steps = 1;
    while (!sliced.step(() => true)) steps++;
    expect(steps).toBeGreaterThan(5);
    expect(sliced.texts()).toEqual(encodeGraph([timeline, machinery], { isValue: isSharedValue }));
    const encoding = new StateEncoding(state, { inSlices: true });
    let encoded = encoding.step(() => true);
    while (encoded === null) encoded = encoding.step(() => true);
    const once = encodedState(state);
    expect([encoded.timeline, encoded.machinery, encoded.plainTimeline()]).toEqual([once.timeline, once.machinery, once.plainTimeline()]);
    const plain = once.plainTimeline();
    expect(decodeTimelineState([JSON.stringify(parsePlainTimeline(plain.frame, plain.runs).document), inflateRawSync(once.machinery).toString('utf8')])).toStrictEqual(state);
  });

  it('walks big Maps and Sets a slice at a time into the texts it writes at once, sharing kept', () => {
    const shared = { exchangeId: 1, note: 'shared' };
    const big = new Map(Array.from({ length: 1_000 }, (_, i) => [`/href/${i}`, i % 7 === 0 ? shared : { rel: `rel${i}`, list: [i, -0] }]));
    const tags = new Set(Array.from({ length: 600 }, (_, i) => (i === 300 ? shared : `tag${i}`)));
    const graph = [{ first: shared, big, nested: { tags, inner: new Map([['k', big]]) } }, { again: tags, after: shared }];
    const sliced = new GraphEncoder(graph);
    let steps = 1;
    while (!sliced.step(() => true)) steps++;
    // Each stop is a few pieces apart: the thousand entries took hundreds of steps, none of them whole.
    expect(steps).toBeGreaterThan(300);
    expect(sliced.texts()).toEqual(encodeGraph(graph));
    const [back, second] = decodeGraph(sliced.texts()) as [{ first: object; big: Map<string, unknown>; nested: { tags: Set<unknown>; inner: Map<string, unknown> } }, { again: unknown; after: unknown }];
    expect(back.big).toStrictEqual(big);
    expect(back.big.get('/href/7')).toBe(back.first);
    expect(back.nested.inner.get('k')).toBe(back.big);
    expect([...back.nested.tags][300]).toBe(back.first);
    expect(second.again).toBe(back.nested.tags);
    expect(second.after).toBe(back.first);
  });

  it('finds an object met again after hundreds of thousands of others, walking in slices as at once', () => {
    const shared = { note: 'shared' };
    const big = new Map(Array.from({ length: 80_000 }, (_, i) => [`/href/${i}`, { rel: `rel${i % 50}`, at: [i] }]));
    const graph = [{ first: shared, big }, { last: shared, again: big.get('/href/3'), end: big.get('/href/79999') }];
    const sliced = new GraphEncoder(graph);
    while (!sliced.step(() => false));
    expect(sliced.texts()).toEqual(encodeGraph(graph));
    const [back, second] = decodeGraph(sliced.texts()) as [{ first: object; big: Map<string, object> }, { last: object; again: object; end: object }];
    expect(second.last).toBe(back.first);
    expect(second.again).toBe(back.big.get('/href/3'));
    expect(second.end).toBe(back.big.get('/href/79999'));
  });

  it('keeps shared objects shared, Maps and Sets, undefined, -0 and numbers JSON cannot say', () => {
    const shared = { list: [1, 2] };
    const graph = { a: shared, b: [shared, new Map([['k', shared]])], c: new Set([shared]), u: undefined, z: -0, n: Number.NaN, i: -Infinity };
    const [back, second] = decodeGraph(encodeGraph([graph, { again: shared, alone: new Map([[1, new Set(['x'])]]) }])) as [typeof graph, { again: unknown; alone: Map<number, Set<string>> }];
    expect(back).toStrictEqual(graph);
    expect(Object.keys(back)).toEqual(Object.keys(graph));
    expect((back.b as unknown[])[0]).toBe(back.a);
    expect((back.b[1] as Map<string, unknown>).get('k')).toBe(back.a);
    expect([...back.c][0]).toBe(back.a);
    expect(second.again).toBe(back.a);
    expect(second.alone.get(1)).toEqual(new Set(['x']));
    expect(Object.is(back.z, -0)).toBe(true);
  });

  it('refuses what it cannot keep rather than keeping it wrong', () => {
    expect(() => encodeGraph([{ when: new Uint8Array(2) }])).toThrow(/Uint8Array instance cannot be kept/);
    expect(() => encodeGraph([{ f: () => 1 }])).toThrow(/function cannot be kept/);
  });
});
