/** An upstream that misbehaves on purpose, for proxy tests: dies mid-body, never answers, sends a broken body, or a big one. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OddUpstream {
  readonly url: string;
  /** Requests that reached it, by path. */
  readonly seen: string[];
  close(): Promise<void>;
}

export const BIG_BODY_BYTES = 300_000;

export async function startOddUpstream(): Promise<OddUpstream> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    switch (req.url) {
      case '/dies-mid-body':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '400' });
        res.write('{"rel":"conversation","state":"Conn');
        setTimeout(() => res.socket?.destroy(), 50);
        return;
      case '/never-answers':
        return; // held until the client gives up
      case '/malformed':
        res.writeHead(200, { 'Content-Type': 'application/vnd.microsoft.com.ucwa+json' });
        res.end('{"rel":"conversation","state":');
        return;
      case '/big':
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        res.end(Buffer.alloc(BIG_BODY_BYTES, 0x61));
        return;
      default:
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Custom-Case': 'Kept' });
        res.end(JSON.stringify({ rel: 'root', _links: { self: { href: req.url } } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
