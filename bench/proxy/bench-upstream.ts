/** A minimal UCWA-shaped upstream for the proxy bench: small resource GETs, and event polls held for a while. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ucwaCorpusDir } from '../../test/support/corpus-path.ts';

export async function startBenchUpstream(pollHoldMs: number): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const conversation = Buffer.from(JSON.stringify(JSON.parse(readFileSync(join(ucwaCorpusDir, 'samples', 'conversation.get.response.json'), 'utf8'))));
  const emptyBatch = Buffer.from('{"_links":{"self":{"href":"/ucwa/v1/applications/1/events?ack=1"},"next":{"href":"/ucwa/v1/applications/1/events?ack=2"}}}');
  const server: Server = createServer((req, res) => {
    if (req.url?.includes('/events?')) {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(emptyBatch.byteLength) });
        res.end(emptyBatch);
      }, pollHoldMs);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(conversation.byteLength), ETag: '"2943169141"' });
    res.end(conversation);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
