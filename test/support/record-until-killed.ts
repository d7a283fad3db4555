/**
 * A recording process for the crash test: records deterministic traffic forever, printing
 * `flushed <last seq> pending <seq>` after each awaited flush (every exchange up to the last seq
 * is committed in full, except the one still waiting for its response), until its parent kills
 * it with SIGKILL.
 * Usage: node --import tsx test/support/record-until-killed.ts FILE thread|in-process
 */
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { initiated, makeConversationTraffic, makeExchange } from './ucwa-traffic.ts';

/** Flow `n` of the traffic: 17 scripted exchanges and one with a 256 KiB body, so commits take a while. */
export function flow(n: number): RecordedExchange[] {
  const big = new Uint8Array(256 * 1024).map((_, i) => (i * 31 + n) & 0xff);
  return [...makeConversationTraffic({ app: n, startedAtMs: 1_700_000_000_000 + n * 60_000 }), makeExchange({ url: `https://fe1.contoso.com/photos/${n}`, responseBody: big, responseHeaders: [['Content-Type', 'image/jpeg']] })];
}

async function main(): Promise<void> {
  const [path, mode] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: record-until-killed.ts FILE thread|in-process');
  const store = RecordingStore.open(path, { create: true });
  const recorder = await store.startSession({ name: 'killed mid-batch', mode: 'reverse', redact: false }, { thread: mode !== 'in-process', batch: { maxExchanges: 40 } });
  let pending: { ref: number; exchange: RecordedExchange } | null = null;
  for (let n = 0; ; n++) {
    const exchanges = flow(n);
    // The first request of each flow stays pending until the next flow, like a parked long poll.
    const ref = recorder.onRequest(initiated(exchanges[0] as RecordedExchange));
    for (const exchange of exchanges.slice(1)) recorder.record(exchange);
    if (pending) recorder.onResponse(pending.exchange as Extract<RecordedExchange, { stage: 'completed' }>, pending.ref);
    pending = { ref, exchange: exchanges[0] as RecordedExchange };
    if (n % 3 === 2) {
      await recorder.flush();
      process.stdout.write(`flushed ${n * exchanges.length + exchanges.length - 1} pending ${ref}\n`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (process.argv[1]?.endsWith('record-until-killed.ts')) await main();
