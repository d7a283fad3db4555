import { afterAll, describe, expect, it } from 'vitest';
import type { AbortedExchange } from '../../protocol/exchange.ts';
import { foldedInputs, inputsFromExchange, type TimelineInput } from '../../protocol/timeline/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { stateAt } from '../../storage/timeline/session-timeline.ts';
import { partInputs, storedParts } from '../../storage/timeline/stored-inputs.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic, makeExchange } from '../support/ucwa-traffic.ts';

const tmp = makeTempDir('ucwa-stored-inputs-');
afterAll(() => tmp.cleanup());

function roundTrip(inputs: readonly TimelineInput[], exchangeId: number, seq: number): TimelineInput[] {
  const out: TimelineInput[] = [];
  for (const part of storedParts(inputs, exchangeId, seq)) partInputs(part.inputs, part.atMs, exchangeId, seq, out);
  return out;
}

describe('timeline inputs as stored', () => {
  it('reads back every input of every exchange of a conversation as derivation kept it', () => {
    const traffic = makeConversationTraffic();
    traffic.forEach((exchange, seq) => {
      const kept = foldedInputs(inputsFromExchange({ id: seq + 1, seq, exchange }));
      expect(roundTrip(kept, seq + 1, seq)).toEqual(kept);
    });
  });

  it('keeps one row per moment: the request apart from what its response showed', () => {
    const post = makeExchange({ method: 'POST', url: 'https://fe1.contoso.com/ucwa/v1/applications/1/communication/conversations/7/messaging/sendMessage', requestHeaders: [['Content-Type', 'text/plain']], requestBody: 'Hi', status: 201, durationMs: 40 });
    const parts = storedParts(foldedInputs(inputsFromExchange({ id: 3, seq: 2, exchange: post })), 3, 2);
    expect(parts.map((part) => part.place)).toEqual([0, 1]);
    expect(parts[1]?.atMs).toBeGreaterThan(parts[0]?.atMs ?? Infinity);
  });

  it('keeps a cause that is not the one its kind implies', () => {
    const input: TimelineInput = { kind: 'channel-reset', atMs: 5, cause: { exchangeId: 9, seq: 8, source: 'snapshot' }, reset: 'resync' };
    expect(roundTrip([input], 9, 8)).toEqual([input]);
  });

  it('leaves out a GET request the fold passes over, but not the only thing an exchange showed', () => {
    const get = makeExchange({ method: 'GET', url: 'https://fe1.contoso.com/ucwa/v1/applications/1' });
    expect(foldedInputs(inputsFromExchange({ id: 1, seq: 0, exchange: get })).map((input) => input.kind)).toEqual(['response']);
    const aborted: AbortedExchange = { ...get, stage: 'aborted', response: null, error: { kind: 'client-aborted', message: 'the client closed the connection' } };
    expect(foldedInputs(inputsFromExchange({ id: 2, seq: 1, exchange: aborted })).map((input) => input.kind)).toEqual(['request']);
  });

  it('still finds the state at an aborted GET, whose request is all it showed', () => {
    const store = RecordingStore.open(tmp.path('aborted.db'), { create: true });
    try {
      const traffic = makeConversationTraffic();
      const last = traffic.at(-1) as (typeof traffic)[number];
      const aborted: AbortedExchange = { ...makeExchange({ method: 'GET', url: last.request.url, startedAtMs: last.timings.startedAtMs + 1000 }), stage: 'aborted', response: null, error: { kind: 'client-aborted', message: 'the client closed the connection' } };
      const exchanges = [...traffic, aborted].map((exchange, seq) => ({ seq, exchange, redactions: [] }));
      const sessionId = store.importSession({ session: { name: 's', startedAtMs: 0, endedAtMs: null, upstream: null, mode: 'import', notes: '', redacted: false }, exchanges }).id;
      const abortedId = Math.max(...[...store.iterateExchanges(sessionId)].map((row) => row.id));
      expect(store.getSession(sessionId)?.underivedCount).toBe(0);
      expect(stateAt(store, sessionId, { exchangeId: abortedId }).conversations.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
