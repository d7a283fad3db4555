/**
 * The application's `batch` link (BatchingRequests.md, batch_ref.md): each `application/http`
 * part is answered as if it had been sent alone (through the same server, in order), and the
 * answers go back as one `multipart/batching` body with a fresh boundary in the request's style.
 */
import type { IncomingHttpHeaders, RequestListener } from 'node:http';
import inject from 'light-my-request';
import { batchBoundaryOf, encodeBatchResponse, freshBoundaryLike, splitBatch, type BatchMessage, type BatchResponse } from '../../protocol/batch-messages.ts';
import type { AppRequest } from './application-routes.ts';
import { badRequest, SimError } from './sim-error.ts';

/** Headers of the batch itself that every part carries too unless it says otherwise: who is asking, and where. */
const INHERITED = ['authorization', 'host', 'x-ms-origin', 'referer'] as const;

function partTarget(message: BatchMessage): string {
  const target = message.part.target ?? '/';
  if (!/^https?:\/\//i.test(target)) return target;
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}

function partHeaders(message: BatchMessage, outer: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = outer[name];
    if (typeof value === 'string') headers[name] = value;
  }
  for (const [name, value] of message.part.headers) headers[name.toLowerCase()] = value;
  return headers;
}

async function answerPart(handler: RequestListener, message: BatchMessage, outer: IncomingHttpHeaders): Promise<BatchResponse> {
  const response = await inject(handler, { method: (message.part.method ?? 'GET').toUpperCase() as 'GET', url: partTarget(message), headers: partHeaders(message, outer), payload: Buffer.from(message.body) });
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) headers.push([name, one]);
  }
  return { status: response.statusCode, statusText: response.statusMessage, headers, body: new Uint8Array(response.rawPayload) };
}

/** POST to `batch`: `handler` is the simulator's own request handler, so a part meets exactly what it would alone. */
export async function answerBatch(request: AppRequest, outer: IncomingHttpHeaders, handler: RequestListener, random: () => number): Promise<void> {
  const boundary = batchBoundaryOf(request.contentType);
  if (boundary === null) throw new SimError(415, { code: 'UnsupportedMediaType', message: `Send a batch as multipart/batching with a boundary, not ${request.contentType ?? 'a body without Content-Type'}.` });
  const split = splitBatch(request.body, request.contentType);
  if (!split.ok) throw badRequest('DeserializationFailure', `The batch could not be read: ${split.problem}`);
  const notRequests = split.messages.filter((m) => m.part.kind !== 'request').map((m) => m.part.index + 1);
  if (notRequests.length > 0) throw badRequest('DeserializationFailure', `Batch part ${notRequests.join(', ')} holds an HTTP response; each part must be a request (application/http; msgtype=request).`);
  const answers: BatchResponse[] = [];
  // One after another, as the parts are written: a later part may depend on an earlier one's effect.
  for (const message of split.messages) answers.push(await answerPart(handler, message, outer));
  const fresh = freshBoundaryLike(boundary, random);
  const body = encodeBatchResponse(answers, fresh);
  const res = request.res;
  res.statusCode = 200;
  res.setHeader('Content-Type', `multipart/batching; boundary=${fresh}`);
  res.setHeader('Content-Length', String(body.byteLength));
  res.setHeader('X-MS-UcwaVersion', '1');
  res.end(body);
}
