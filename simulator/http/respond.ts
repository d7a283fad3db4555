/** Writes responses: a resource, an event batch or an error, as JSON or XML by the request's `Accept`, with an ETag. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eventBatchJson, reasonJson, resourceJson } from '../wire/render-json.ts';
import { eventBatchXml, reasonXml, resourceXml } from '../wire/render-xml.ts';
import type { SimEventBatch, SimReason, SimResource } from '../wire/sim-resource.ts';

export type WireFormat = 'json' | 'xml';

/** XML when the client asks for it (`application/xml`, `…ucwa+xml`), JSON otherwise. */
export function formatOf(req: IncomingMessage): WireFormat {
  const accept = req.headers.accept ?? '';
  return /xml/i.test(accept) && !/json/i.test(accept.split(',')[0] ?? '') ? 'xml' : 'json';
}

const CONTENT_TYPE: Record<WireFormat, string> = { json: 'application/json; charset=utf-8', xml: 'application/xml; charset=utf-8' };

function send(res: ServerResponse, status: number, format: WireFormat, text: string, extra: readonly (readonly [string, string])[] = []): void {
  const body = Buffer.from(text, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPE[format]);
  res.setHeader('Content-Length', String(body.byteLength));
  res.setHeader('X-MS-UcwaVersion', '1');
  for (const [name, value] of extra) res.setHeader(name, value);
  res.end(body);
}

/** The ETag of a resource: a digest of what it says in JSON, so both formats agree on it. */
export function etagOf(resource: SimResource): string {
  return `"${createHash('sha1').update(JSON.stringify(resourceJson(resource))).digest('hex').slice(0, 16)}"`;
}

export function sendResource(res: ServerResponse, format: WireFormat, resource: SimResource, status = 200, extra: readonly (readonly [string, string])[] = []): void {
  const text = format === 'json' ? JSON.stringify(resourceJson(resource)) : resourceXml(resource);
  send(res, status, format, text, [['ETag', etagOf(resource)], ...extra]);
}

export function sendEvents(res: ServerResponse, format: WireFormat, batch: SimEventBatch): void {
  send(res, 200, format, format === 'json' ? JSON.stringify(eventBatchJson(batch)) : eventBatchXml(batch));
}

export function sendError(res: ServerResponse, format: WireFormat, status: number, reason: SimReason, extra: readonly (readonly [string, string])[] = []): void {
  if (res.headersSent) return;
  send(res, status, format, format === 'json' ? JSON.stringify(reasonJson(reason)) : reasonXml(reason), extra);
}

export function sendEmpty(res: ServerResponse, status: number, extra: readonly (readonly [string, string])[] = []): void {
  res.statusCode = status;
  res.setHeader('Content-Length', '0');
  for (const [name, value] of extra) res.setHeader(name, value);
  res.end();
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'json', JSON.stringify(value));
}
