/**
 * The simulator's HTTP(S) server: a thin node:http shell around the simulator's answer function
 * (sim-routing.ts). It reads a request, asks for the answer, writes it, and abandons a held event
 * poll whose client goes away.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES } from './http/request-input.ts';
import type { IncomingRequest, SimulatorAnswer, SimulatorResponse } from './http/sim-answer.ts';
import type { SimRouting } from './sim-routing.ts';
import type { TlsMaterial } from './tls-certificate.ts';

/** The body as sent, or, past the limit, what arrived until then (the routes answer that 413 where they read the body). */
async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    chunks.push(chunk);
    if (size > MAX_BODY_BYTES) break;
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function write(res: ServerResponse, response: SimulatorResponse): void {
  if (res.writableEnded || res.destroyed) return;
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end(response.body);
}

/** Writes an answer; a held poll is written when it is answered, or abandoned if the client goes first. */
function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: SimulatorAnswer): void {
  if (answer.kind === 'response') return write(res, answer);
  res.on('close', () => {
    if (!res.writableEnded) answer.abandon();
  });
  if (res.destroyed || req.socket.destroyed) answer.abandon(); // gone before the poll was held
  void answer.until.then((response) => write(res, response));
}

async function handle(req: IncomingMessage, res: ServerResponse, routing: SimRouting): Promise<void> {
  let body: Uint8Array;
  try {
    body = await readBody(req);
  } catch (error) {
    write(res, routing.failure(error, req.headers));
    return;
  }
  const request: IncomingRequest = { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body };
  const reply = routing.answer(request);
  // Written at once when the answer is ready, so a response goes out before the events its request set off.
  if (reply instanceof Promise) writeAnswer(req, res, await reply);
  else writeAnswer(req, res, reply);
}

export function createSimulatorServer(routing: SimRouting, tls: TlsMaterial | null): { server: Server; origin: () => string } {
  let origin = 'http://127.0.0.1';
  const handler = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res, routing);
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createHttpServer(handler);
  server.on('listening', () => {
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    origin = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  });
  return { server, origin: () => origin };
}
