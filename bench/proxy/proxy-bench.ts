/**
 * The recording proxy against its baselines, all in one run on the same load: direct to the
 * upstream, through raw http-mitm-proxy recording nothing, through our recording proxy, and
 * through mitmdump writing a flow file. Plus 2,000 long polls held at once through our proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchRow, BenchSection } from '../bench-section.ts';
import { ensureMitmdump, mitmdump, rawMitmProxy, recordingProxy, type Contender } from './contenders.ts';
import { concurrentPolls } from './load.ts';
import { startUpstreamProcess } from './upstream-process.ts';
import { wrk, wrkAvailable, type WrkResult } from './wrk.ts';

const CONNECTIONS = 8;
const DURATION_MS = 5000;
const LATENCY_MS = 3000;
const POLLS = 2000;
const TITLE = 'Recording proxy (proxy/)';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The load run, the sequential run's median, and this process's CPU time per request under load
 * (all its threads: the proxy's, our writer's, GC); then again counting the work the load left
 * for later (our recorder derives lagging behind heavy traffic), until it is done.
 */
async function measure(contender: Contender): Promise<WrkResult & { latencyMs: number; cpuUsPerRequest: number; cpuUsPerRequestCaughtUp: number }> {
  const before = process.cpuUsage();
  const load = await wrk(contender.url, CONNECTIONS, DURATION_MS);
  const { user, system } = process.cpuUsage(before);
  await contender.caughtUp?.();
  const caughtUp = process.cpuUsage(before);
  const sequential = await wrk(contender.url, 1, LATENCY_MS);
  // The 1 s warm-up inside wrk() is counted too, so this is a slight overestimate for every contender alike.
  const requests = load.requests + load.perSecond;
  return {
    ...load,
    errors: load.errors + sequential.errors,
    latencyMs: sequential.medianMs,
    cpuUsPerRequest: Math.round((user + system) / requests),
    cpuUsPerRequestCaughtUp: Math.round((caughtUp.user + caughtUp.system) / requests),
  };
}

/** Without wrk there is no honest load generator: the section says what to install and ends. */
function withoutWrk(): BenchSection {
  const line = 'proxy bench: wrk is not installed; apt-get install wrk, then run it again';
  console.log(line);
  return { name: 'proxy', title: TITLE, method: line, rows: [] };
}

export const proxyBench: Bench = {
  name: 'proxy',
  async run() {
    if (!wrkAvailable()) return withoutWrk();
    const upstream = await startUpstreamProcess(1500);
    const caDir = mkdtempSync(join(tmpdir(), 'ucwa-bench-ca-'));
    const rows: BenchRow[] = [];
    try {
      const direct = await measure({ url: upstream.url, close: async () => undefined });
      const raw = await rawMitmProxy(upstream.port, caDir);
      const rawResult = await measure(raw);
      await raw.close();
      const ours = await recordingProxy(upstream.url, caDir);
      const oursResult = await measure(ours);
      const polls = await concurrentPolls(ours.url, POLLS);
      await ours.close();
      const dumpBinary = ensureMitmdump();
      let dumpResult: Awaited<ReturnType<typeof measure>> | null = null;
      if (dumpBinary) {
        const dump = await mitmdump(upstream.url, await freePort());
        dumpResult = await measure(dump);
        await dump.close();
      }
      rows.push({ metric: `small UCWA GETs direct to the upstream (${CONNECTIONS} keep-alive connections)`, value: direct.perSecond, unit: 'req/s' });
      rows.push({ metric: 'the same through raw http-mitm-proxy (no recording)', value: rawResult.perSecond, unit: 'req/s', baseline: { name: 'direct', value: direct.perSecond } });
      rows.push({ metric: 'the same through our recording proxy', value: oursResult.perSecond, unit: 'req/s', baseline: { name: 'raw http-mitm-proxy', value: rawResult.perSecond }, aim: '≥ 0.8× raw', met: oursResult.perSecond >= 0.8 * rawResult.perSecond });
      rows.push({ metric: "CPU time per proxied request in the proxy's process during the load, all threads (ours: proxy, recorder's writer and the derivation it does meanwhile, GC)", value: oursResult.cpuUsPerRequest, unit: 'µs', baseline: { name: 'raw http-mitm-proxy', value: rawResult.cpuUsPerRequest } });
      rows.push({ metric: 'the same, counting also the derivation left for after the load, until every exchange is derived', value: oursResult.cpuUsPerRequestCaughtUp, unit: 'µs', baseline: { name: 'raw http-mitm-proxy', value: rawResult.cpuUsPerRequestCaughtUp } });
      if (dumpResult)
        rows.push({ metric: 'our recording proxy against mitmdump writing a flow file', value: oursResult.perSecond, unit: 'req/s', baseline: { name: 'mitmdump -w', value: dumpResult.perSecond }, aim: '≥ 8× mitmdump', met: oursResult.perSecond >= 8 * dumpResult.perSecond });
      else rows.push({ metric: 'mitmdump: not installed and could not be installed (apt-get install mitmproxy)', value: 0, unit: '' });
      const added = Math.round((oursResult.latencyMs - direct.latencyMs) * 1000) / 1000;
      rows.push({ metric: 'median latency added by our recording proxy (sequential GETs, one connection)', value: added, unit: 'ms', baseline: { name: 'direct median', value: Math.round(direct.latencyMs * 1000) / 1000 }, aim: '< 1 ms', met: added < 1 });
      rows.push({ metric: `long polls held at once through our recording proxy (upstream answers after 1.5 s)`, value: polls.ok, unit: `of ${POLLS} answered`, aim: `${POLLS}, no errors`, met: polls.ok === POLLS && polls.errors === 0 });
      rows.push({ metric: 'errors under load (direct / raw / ours)', value: direct.errors + rawResult.errors + oursResult.errors, unit: 'errors', aim: '0', met: direct.errors + rawResult.errors + oursResult.errors === 0 });
    } finally {
      await upstream.close();
      rmSync(caDir, { recursive: true, force: true });
    }
    return {
      name: 'proxy',
      title: TITLE,
      method: `Upstream: a minimal Node server in a child process of its own, answering GETs with the reference conversation sample (JSON, ~1 KB) and holding event polls 1.5 s. Load: \`wrk\` (Debian's, a C load generator that is not the bottleneck) with ${CONNECTIONS} keep-alive connections on 2 threads issuing GETs back to back for ${DURATION_MS / 1000} s per contender, after a 1 s warm-up; latency: wrk's median over ${LATENCY_MS / 1000} s of sequential GETs on one connection. The proxies run in the bench's process (our recorder's writer in its worker thread), wrk and the upstream in their own; the machine has 2 cores shared with other work, so the ratios, not the absolute rates, are the figures; the CPU time per request (process.cpuUsage over the load run, warm-up included) shows what each contender costs whatever the load beside it; our recorder gives derivation only a twentieth of its writer thread while traffic is heavy, so a second figure also counts the derivation done after the load, until whenDerived() resolves (the sequential run starts after it). Contenders, one after another in the same run: direct; http-mitm-proxy 1.x in reverse mode with keep-alive and no handlers but the host rewrite; our recording proxy (reverse mode, recording into SQLite through the worker-thread writer, redaction on); mitmdump (Debian's mitmproxy) in reverse mode writing a flow file. Then ${POLLS} concurrent event polls through our proxy.`,
      rows,
    };
  },
};
