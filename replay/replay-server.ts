/**
 * The replay over HTTP: a thin node:http shell around the replay's answer function
 * (replay-responder.ts). It reads a request, asks for the answer, writes it, and abandons a held
 * event poll whose client goes away.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeaderPairs } from '../protocol/exchange.ts';
import { jsonResponse, type ReplayAnswer, type ReplayRequest, type ReplayResponse } from './replay-answer.ts';

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

function pairs(raw: readonly string[]): HeaderPairs {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

function write(res: ServerResponse, response: ReplayResponse): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(response.status, response.statusText, response.headers.flat());
  res.end(response.body);
}

export class ReplayServer {
  private readonly server: Server;
  private origin = 'http://127.0.0.1';

  constructor(private readonly answer: (request: ReplayRequest) => Promise<ReplayAnswer>) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) write(res, jsonResponse(500, { code: 'ServiceFailure', message: `ucwa-inspector replay failed on this request: ${error.message}` }));
        else res.destroy();
      });
    });
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  /** Stops listening and drops open connections; the replay behind it is its owner's to close. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** The request as the responder reads it, at the origin this client reaches the replay by (its Host header). */
  private async requestOf(req: IncomingMessage): Promise<ReplayRequest> {
    const raw = req.url ?? '/';
    // An origin-form target is glued to an origin: `new URL('//ucwa/x', origin)` would read `ucwa` as a host.
    const pathAndQuery = raw.startsWith('/') ? raw : ((u) => `${u.pathname}${u.search}`)(new URL(raw));
    let url = `${this.origin}${pathAndQuery}`;
    if (req.headers.host) {
      try {
        url = new URL(`http://${req.headers.host}${pathAndQuery}`).href;
      } catch {
        // A Host header that is no host: the links served name the listening address instead.
      }
    }
    return { method: req.method ?? 'GET', url, headers: pairs(req.rawHeaders), body: await readBody(req), httpVersion: req.httpVersion };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = await this.answer(await this.requestOf(req));
    if (answer.kind === 'response') return write(res, answer);
    res.on('close', () => answer.abandon());
    if (req.socket.destroyed) answer.abandon(); // gone before the poll was held
    write(res, await answer.until);
  }
}
