/** Load from a Node client: keep-alive GETs back to back (the replay bench), and bursts of concurrent long polls (the proxy bench). */
import { Agent, request } from 'node:http';

function get(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent, headers: { Accept: 'application/json' } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`status ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Requests per second with `connections` keep-alive connections for `durationMs`. */
export async function throughput(target: string, connections: number, durationMs: number): Promise<{ perSecond: number; errors: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL('/ucwa/v1/applications/1/communication/conversations/137', target);
  for (let i = 0; i < connections * 5; i++) await get(agent, url); // warm up
  let done = 0;
  let errors = 0;
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        try {
          await get(agent, url);
          done++;
        } catch {
          errors++;
        }
      }
    }),
  );
  agent.destroy();
  return { perSecond: Math.round(done / ((performance.now() - started) / 1000)), errors };
}

/** Opens `count` long polls at once; resolves with how many were answered 200. */
export async function concurrentPolls(target: string, count: number): Promise<{ ok: number; errors: number }> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  let ok = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      get(agent, new URL(`/ucwa/v1/applications/${i}/events?ack=1`, target)).then(
        () => ok++,
        () => errors++,
      ),
    ),
  );
  agent.destroy();
  return { ok, errors };
}
