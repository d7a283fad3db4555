/** What the proxy bench puts in front of the upstream: nothing, raw http-mitm-proxy, our recording proxy, mitmdump. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Proxy } from 'http-mitm-proxy';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startRecordingProxy } from '../../proxy/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';

export interface Contender {
  readonly url: string;
  /** Resolves once work the contender left for later (our recorder's derivation) is done. */
  caughtUp?(): Promise<void>;
  close(): Promise<void>;
}

/** http-mitm-proxy as it comes (keep-alive on), pointed at the upstream, recording nothing. */
export async function rawMitmProxy(upstreamPort: number, caDir: string): Promise<Contender> {
  const proxy = new Proxy();
  const agent = new Agent({ keepAlive: true });
  proxy.onRequest((ctx, callback) => {
    const target = ctx.proxyToServerRequestOptions;
    if (target) {
      target.host = '127.0.0.1';
      target.port = upstreamPort;
      target.agent = agent;
    }
    callback();
  });
  await new Promise<void>((resolve, reject) => proxy.listen({ port: 0, host: '127.0.0.1', sslCaDir: caDir, keepAlive: true, httpAgent: agent }, (error?: Error | null) => (error ? reject(error) : resolve())));
  const server = proxy.httpServer as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      proxy.close();
      agent.destroy();
    },
  };
}

export async function recordingProxy(upstream: string, caDir: string): Promise<Contender & { store: RecordingStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ucwa-bench-proxy-'));
  const store = RecordingStore.open(join(dir, 'bench.db'), { create: true });
  const proxy = await startRecordingProxy({ store, upstream, caDir });
  return {
    url: proxy.url,
    store,
    dir,
    caughtUp: () => proxy.whenDerived(),
    close: async () => {
      await proxy.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Makes sure mitmdump is there, installing Debian's mitmproxy when it is not (and when we may). */
export function ensureMitmdump(): string | null {
  if (spawnSync('mitmdump', ['--version']).status === 0) return 'mitmdump';
  const install = spawnSync('sh', ['-c', 'apt-get install -y mitmproxy >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y mitmproxy >/dev/null 2>&1)']);
  return install.status === 0 && spawnSync('mitmdump', ['--version']).status === 0 ? 'mitmdump' : null;
}

export async function mitmdump(upstream: string, port: number): Promise<Contender> {
  const dir = mkdtempSync(join(tmpdir(), 'ucwa-bench-mitmdump-'));
  const child: ChildProcess = spawn('mitmdump', ['--mode', `reverse:${upstream}`, '--listen-host', '127.0.0.1', '--listen-port', String(port), '-w', join(dir, 'flows.mitm'), '-q', '--set', 'confdir=' + join(dir, 'conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${url}/ucwa/v1/applications/1/communication/conversations/137`);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
