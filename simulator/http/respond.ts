/** Builds answers: a resource, an event batch or an error, as JSON or XML by the request's `Accept`, with an ETag. */
import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { eventBatchJson, reasonJson, resourceJson } from '../wire/render-json.ts';
import { eventBatchXml, reasonXml, resourceXml } from '../wire/render-xml.ts';
import type { SimEventBatch, SimReason, SimResource } from '../wire/sim-resource.ts';
import { headerOf, type ImmediateAnswer, type RequestHeaders } from './sim-answer.ts';

export type WireFormat = 'json' | 'xml';

type Extra = readonly (readonly [string, string])[];

/** XML when the client asks for it (`application/xml`, `…ucwa+xml`), JSON otherwise. */
export function formatOf(headers: RequestHeaders): WireFormat {
  const accept = headerOf(headers, 'accept') ?? '';
  return /xml/i.test(accept) && !/json/i.test(accept.split(',')[0] ?? '') ? 'xml' : 'json';
}

const CONTENT_TYPE: Record<WireFormat, string> = { json: 'application/json; charset=utf-8', xml: 'application/xml; charset=utf-8' };

/** A response with a body; headers in the order every UCWA answer of the simulator has them. */
export function bodyResponse(status: number, contentType: string, body: Uint8Array, headers: Extra): ImmediateAnswer {
  return { kind: 'response', status, statusText: STATUS_CODES[status] ?? '', headers: [['Content-Type', contentType], ['Content-Length', String(body.byteLength)], ...headers], body };
}

function textResponse(status: number, format: WireFormat, text: string, extra: Extra = []): ImmediateAnswer {
  return bodyResponse(status, CONTENT_TYPE[format], new TextEncoder().encode(text), [['X-MS-UcwaVersion', '1'], ...extra]);
}

/** The ETag of a resource: a digest of what it says in JSON, so both formats agree on it. */
export function etagOf(resource: SimResource): string {
  return `"${createHash('sha1').update(JSON.stringify(resourceJson(resource))).digest('hex').slice(0, 16)}"`;
}

export function resourceResponse(format: WireFormat, resource: SimResource, status = 200, extra: Extra = []): ImmediateAnswer {
  const text = format === 'json' ? JSON.stringify(resourceJson(resource)) : resourceXml(resource);
  return textResponse(status, format, text, [['ETag', etagOf(resource)], ...extra]);
}

export function eventsResponse(format: WireFormat, batch: SimEventBatch): ImmediateAnswer {
  return textResponse(200, format, format === 'json' ? JSON.stringify(eventBatchJson(batch)) : eventBatchXml(batch));
}

export function errorResponse(format: WireFormat, status: number, reason: SimReason, extra: Extra = []): ImmediateAnswer {
  return textResponse(status, format, format === 'json' ? JSON.stringify(reasonJson(reason)) : reasonXml(reason), extra);
}

export function emptyResponse(status: number, extra: Extra = []): ImmediateAnswer {
  return { kind: 'response', status, statusText: STATUS_CODES[status] ?? '', headers: [['Content-Length', '0'], ...extra], body: new Uint8Array(0) };
}

export function jsonResponse(status: number, value: unknown): ImmediateAnswer {
  return textResponse(status, 'json', JSON.stringify(value));
}
