/**
 * Replay throughput against a bare node:http server serving the same recorded bodies, and the
 * time to open a 100,000-exchange recording (index it) for replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReplay } from '../../replay/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeConversationTraffic } from '../../test/support/ucwa-traffic.ts';
import type { Bench, BenchRow } from '../bench-section.ts';
import { startFixedBodyServer } from '../fixed-body-server.ts';
import { throughput } from '../proxy/load.ts';

const BIG = 100_000;

export const replayBench: Bench = {
  name: 'replay',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ucwa-bench-replay-'));
    const rows: BenchRow[] = [];
    try {
      // One conversation GET recorded once: the load asks for it again and again (policy repeat-last).
      const store = RecordingStore.open(join(dir, 'small.db'), { create: true });
      const recorder = await store.startSession({ name: 'small', mode: 'reverse', upstream: 'https://fe1.contoso.com' }, { thread: false });
      const traffic = makeConversationTraffic();
      const conversationGet = traffic.find((x) => x.request.method === 'GET' && /\/messaging$/.test(new URL(x.request.url).pathname));
      if (!conversationGet || conversationGet.stage !== 'completed') throw new Error('traffic has a messaging GET');
      // The load asks for /ucwa/v1/applications/1/communication/conversations/137: record that path.
      recorder.record({ ...conversationGet, request: { ...conversationGet.request, url: 'https://fe1.contoso.com/ucwa/v1/applications/1/communication/conversations/137' } });
      await recorder.end();
      const replay = await startReplay({ store, sessionId: recorder.sessionId });
      const bare = await startFixedBodyServer(Buffer.from(conversationGet.response.body));
      const bareLoad = await throughput(bare.url, 8, 4000);
      const replayLoad = await throughput(replay.url.replace(/\/$/, ''), 8, 4000);
      await bare.close();
      await replay.close();
      store.close();
      rows.push({ metric: 'recorded GETs served by the replay server (8 keep-alive connections)', value: replayLoad.perSecond, unit: 'req/s', baseline: { name: 'bare node:http, same body', value: bareLoad.perSecond }, aim: '≥ 0.5× bare', met: replayLoad.perSecond >= 0.5 * bareLoad.perSecond });

      const bigStore = RecordingStore.open(join(dir, 'big.db'), { create: true });
      const bigRecorder = await bigStore.startSession({ name: 'big', mode: 'forward' }, { thread: false, batch: { maxExchanges: 5000 } });
      for (let flow = 0, n = 0; n < BIG; flow++) for (const exchange of makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow, startedAtMs: 1_700_000_000_000 + flow * 60_000 })) if (n++ < BIG) bigRecorder.record(exchange);
      await bigRecorder.end(); // derived, as a recording is once its writer has caught up
      const started = performance.now();
      const startedCpu = process.cpuUsage();
      const big = await startReplay({ store: bigStore, sessionId: bigRecorder.sessionId });
      const openMs = Math.round(performance.now() - started);
      const { user, system } = process.cpuUsage(startedCpu);
      await big.close();
      bigStore.close();
      rows.push({ metric: `time to open a ${BIG.toLocaleString('en')}-exchange recording for replay (read requests and statuses, key them, find the event batches)`, value: openMs, unit: 'ms', aim: '≤ 1000 ms', met: openMs <= 1000 });
      rows.push({ metric: "the same opening, this process's CPU time (which the shared machine's load does not inflate)", value: Math.round((user + system) / 1000), unit: 'ms' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      name: 'replay',
      title: 'Deterministic replay (replay/)',
      method: 'Throughput: 8 keep-alive connections issuing GETs back to back for 4 s (after a warm-up) at the replay server answering from a recorded messaging resource (policy repeat-last), and at a bare node:http server answering the same bytes, in the same run. Opening: startReplay on a 100,000-exchange session of test/support/ucwa-traffic.ts flows in a SQLite store, just written and derived: reading each request and response status in one query (response headers and bodies, and the 401 challenges naming token endpoints, are read when first needed), keying the requests, and finding the event batches from the derived rows; wall time, and the CPU time of this process beside it.',
      rows,
    };
  },
};
