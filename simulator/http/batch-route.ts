/**
 * The application's `batch` link (BatchingRequests.md, batch_ref.md): each `application/http`
 * part is answered as if it had been sent alone (by the same answer function, in order), and the
 * answers go back as one `multipart/batching` body with a fresh boundary in the request's style.
 */
import { batchBoundaryOf, encodeBatchResponse, freshBoundaryLike, splitBatch, type BatchMessage, type BatchResponse } from '../../protocol/batch-messages.ts';
import type { AppRequest } from './application-routes.ts';
import { bodyResponse } from './respond.ts';
import type { ImmediateAnswer, IncomingRequest, Reply, RequestHeaders } from './sim-answer.ts';
import { badRequest, SimError } from './sim-error.ts';

/** Headers of the batch itself that every part carries too unless it says otherwise: who is asking, and where. */
const INHERITED = ['authorization', 'host', 'x-ms-origin', 'referer'] as const;

/** A part's target as an HTTP server reads it: path and query only, normalised as a URL parser does (`//` kept for the routes to collapse). */
function partTarget(message: BatchMessage): string {
  const target = message.part.target ?? '/';
  const url = new URL(target.startsWith('//') ? `http://localhost${target}` : target, 'http://localhost');
  return `${url.pathname}${url.search}`;
}

function partHeaders(message: BatchMessage, outer: RequestHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = outer[name];
    if (typeof value === 'string') headers[name] = value;
  }
  for (const [name, value] of message.part.headers) headers[name.toLowerCase()] = value;
  return headers;
}

/** A part's answer as an inner HTTP message: header names in lower case, dated as a server dates a response; the batch writer sets Content-Length. */
async function answerPart(answer: (request: IncomingRequest) => Reply, message: BatchMessage, outer: RequestHeaders): Promise<BatchResponse> {
  const reply = await answer({ method: (message.part.method ?? 'GET').toUpperCase(), target: partTarget(message), headers: partHeaders(message, outer), body: message.body });
  // An event poll in a batch holds the batch until its events come.
  const response = reply.kind === 'held' ? await reply.until : reply;
  const headers: [string, string][] = response.headers.map(([name, value]) => [name.toLowerCase(), value]);
  headers.push(['date', new Date().toUTCString()]);
  return { status: response.status, statusText: response.statusText, headers, body: response.body };
}

/** POST to `batch`: `answer` is the simulator's own answer function, so a part meets exactly what it would alone. */
export async function answerBatch(request: AppRequest, outer: RequestHeaders, answer: (request: IncomingRequest) => Reply, random: () => number): Promise<ImmediateAnswer> {
  const boundary = batchBoundaryOf(request.contentType);
  if (boundary === null) throw new SimError(415, { code: 'UnsupportedMediaType', message: `Send a batch as multipart/batching with a boundary, not ${request.contentType ?? 'a body without Content-Type'}.` });
  const split = splitBatch(request.body, request.contentType);
  if (!split.ok) throw badRequest('DeserializationFailure', `The batch could not be read: ${split.problem}`);
  const notRequests = split.messages.filter((m) => m.part.kind !== 'request').map((m) => m.part.index + 1);
  if (notRequests.length > 0) throw badRequest('DeserializationFailure', `Batch part ${notRequests.join(', ')} holds an HTTP response; each part must be a request (application/http; msgtype=request).`);
  const answers: BatchResponse[] = [];
  // One after another, as the parts are written: a later part may depend on an earlier one's effect.
  for (const message of split.messages) answers.push(await answerPart(answer, message, outer));
  const fresh = freshBoundaryLike(boundary, random);
  return bodyResponse(200, `multipart/batching; boundary=${fresh}`, encodeBatchResponse(answers, fresh), [['X-MS-UcwaVersion', '1']]);
}
