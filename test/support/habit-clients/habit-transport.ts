/**
 * The HTTP under the habit clients: node:http straight to the URL, or through an HTTP forward
 * proxy in absolute form (as a client configured with a proxy sends). Every request it sends is
 * logged with the URL it went to and whether it went through the proxy.
 */
import { Agent, request } from 'node:http';

export interface HabitResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly url: string;
}

export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly viaProxy: boolean;
}

export interface HabitRequest {
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Send this one request straight to the server even when a forward proxy is configured. */
  readonly aroundProxy?: boolean;
}

export class HabitTransport {
  readonly sent: SentRequest[] = [];
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  private readonly proxy: URL | null;

  constructor(forwardProxy?: string) {
    this.proxy = forwardProxy ? new URL(forwardProxy) : null;
  }

  send(method: string, url: string, init: HabitRequest = {}): Promise<HabitResponse> {
    // `new URL` would collapse nothing but would reject a bad URL early, as a client library does.
    const target = new URL(url);
    if (target.protocol !== 'http:') throw new Error(`the habit clients speak http only, not ${url}`);
    const viaProxy = this.proxy !== null && !init.aroundProxy;
    this.sent.push({ method, url, viaProxy });
    const headers: Record<string, string> = { Host: target.host, ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(init.body));
    // Keep the path exactly as built (`//ucwa/…` included): URL.pathname would keep it too, but say so.
    const pathAndQuery = url.slice(target.origin.length) || '/';
    const options = viaProxy && this.proxy
      ? { host: this.proxy.hostname, port: this.proxy.port, path: `${target.origin}${pathAndQuery}`, method, headers, agent: this.agent }
      : { host: target.hostname, port: target.port, path: pathAndQuery, method, headers, agent: this.agent };
    return new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), url }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
