/**
 * Records a big session quickly for UI tests and benches: realistic conversation flows
 * (ucwa-traffic.ts) spread through it, and between them cheap exchanges (reportMyActivity
 * POSTs answered 204) that fill it to the size asked for. Everything is derived, as recording would.
 */
import type { RecordingStore } from '../../storage/recording-store.ts';
import { makeConversationTraffic, makeExchange } from './ucwa-traffic.ts';

export interface BigSession {
  readonly sessionId: number;
  /** Conversation short ids in the order their flows were recorded (the last near the end). */
  readonly conversations: readonly number[];
  readonly startedAtMs: number;
}

const EMPTY = new Uint8Array(0);

export async function recordBigSession(store: RecordingStore, options: { readonly exchanges: number; readonly flows: number; readonly name?: string; readonly startedAtMs?: number }): Promise<BigSession> {
  const recorder = await store.startSession({ name: options.name ?? `${options.exchanges} exchanges`, mode: 'reverse' }, { thread: false, batch: { maxExchanges: 5000 } });
  const startedAtMs = options.startedAtMs ?? 1_700_000_000_000;
  const stride = Math.floor(options.exchanges / options.flows);
  const conversations: number[] = [];
  let clock = startedAtMs;
  let recorded = 0;
  while (recorded < options.exchanges) {
    if (recorded >= conversations.length * stride && conversations.length < options.flows && options.exchanges - recorded >= 17) {
      const conversation = 5000 + conversations.length;
      const flow = makeConversationTraffic({ app: 1000 + conversations.length, conversation, startedAtMs: clock, incomingText: `Hi Alice, number ${conversations.length} here` });
      for (const exchange of flow) recorder.record(exchange);
      conversations.push(conversation);
      recorded += flow.length;
      clock += 10_000;
      continue;
    }
    recorder.record(makeExchange({ url: 'https://fe1.contoso.com/ucwa/v1/applications/9/reportMyActivity', method: 'POST', status: 204, statusText: 'No Content', responseBody: EMPTY, responseHeaders: [['Content-Length', '0']], startedAtMs: clock }));
    recorded++;
    clock += 50;
  }
  await recorder.end({ waitForDerivation: false });
  store.deriveMissing();
  return { sessionId: recorder.sessionId, conversations, startedAtMs };
}
