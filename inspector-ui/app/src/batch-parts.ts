/**
 * A batch exchange as the sub-exchanges it carries: each request part beside the response part of
 * the same position (BatchingRequests.md answers parts in order), from the decoded bodies the API sends.
 */
import type { BatchPart, DecodedBody } from '../../../protocol/decoded-body.ts';

export interface SubExchange {
  readonly number: number;
  readonly method: string;
  readonly target: string;
  /** Null when the batch has no response (yet) or fewer answers than parts. */
  readonly status: number | null;
  readonly statusText: string;
  /** What the answer is: a resource's rel, an error's code, or the kind of body. */
  readonly answer: string;
}

function partsOf(decoded: unknown): readonly BatchPart[] | null {
  const body = decoded as DecodedBody | null;
  return body && typeof body === 'object' && body.kind === 'batch' ? body.parts : null;
}

function answerOf(part: BatchPart | undefined): string {
  if (!part) return '';
  if (!part.body.ok) return part.body.problem;
  const body = part.body.body;
  if (body.kind === 'resource') return body.resource.rel ?? 'resource';
  if (body.kind === 'error') return `${body.error.code}${body.error.subcode ? `/${body.error.subcode}` : ''}`;
  return body.kind;
}

/** The sub-exchanges of a batch, or an empty list when the request is not a decoded batch. */
export function subExchangesOf(requestDecoded: unknown, responseDecoded: unknown): SubExchange[] {
  const requests = partsOf(requestDecoded);
  if (!requests) return [];
  const responses = partsOf(responseDecoded) ?? [];
  return requests.map((request, i) => {
    const response = responses[i];
    return { number: i + 1, method: (request.method ?? '?').toUpperCase(), target: request.target ?? '?', status: response?.status ?? null, statusText: response?.statusText ?? '', answer: answerOf(response) };
  });
}
