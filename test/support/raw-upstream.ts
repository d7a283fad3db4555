/**
 * Upstreams written on raw sockets, for what node:http will not do on purpose: answer with bytes
 * that are not HTTP, or answer once per connection and then close it silently under the next request.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RawUpstream {
  readonly url: string;
  /** Requests that reached it, each with the number of its connection (1, 2…). */
  readonly requests: { readonly connection: number; readonly head: string }[];
  close(): Promise<void>;
}

export type RawBehaviour = 'garbage' | 'one-answer-per-connection';

export async function startRawUpstream(behaviour: RawBehaviour): Promise<RawUpstream> {
  const requests: { connection: number; head: string }[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // Bodiless requests: each ends at its blank line.
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        requests.push({ connection, head });
        if (behaviour === 'garbage') {
          socket.end('HTTQ/1.1 two hundred\r\nthis is not HTTP\r\n\r\n');
          return;
        }
        if (answered++ === 0) {
          const body = JSON.stringify({ rel: 'root', connection });
          // Kept alive as far as the proxy can tell: no Connection: close.
          socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        } else {
          socket.destroy();
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
