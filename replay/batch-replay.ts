/**
 * Batches on replay (BatchingRequests.md): every recorded `multipart/batching` exchange is split
 * into its request parts and their answers, keyed like single requests; a live batch is answered
 * part by part from them, whatever its boundary and however its parts are ordered. A part the
 * recording has no answer for makes the batch a miss that names the part.
 */
import { batchBoundaryOf, splitBatch, type BatchMessage, type BatchResponse } from '../protocol/batch-messages.ts';
import { headerValue } from '../protocol/exchange.ts';
import { toProxyPath } from '../protocol/proxy-urls.ts';
import type { RecordingIndex } from './recording-index.ts';
import { requestKey, type KeyOptions, type RequestKey } from './request-key.ts';

interface PartAnswer {
  readonly exchangeId: number;
  readonly answer: BatchResponse;
  readonly origin: string;
}

export type LiveBatchOutcome =
  | { readonly ok: true; readonly contentType: string; readonly parts: readonly { readonly key: RequestKey; readonly answer: PartAnswer }[]; readonly boundary: string }
  | { readonly ok: false; readonly request: string; readonly reason: string };

/** Whether a live request is a batch to answer part by part. */
export function isBatchRequest(method: string, contentType: string | undefined): boolean {
  return method.toUpperCase() === 'POST' && batchBoundaryOf(contentType) !== null;
}

function partUrl(message: BatchMessage, upstream: string): URL {
  const target = message.part.target ?? '/';
  const base = 'http://replay.invalid';
  if (/^https?:\/\//i.test(target)) return new URL(toProxyPath(new URL(target), upstream), base);
  return new URL(target, base);
}

function partKey(message: BatchMessage, path: string, url: URL, options: KeyOptions): RequestKey {
  return requestKey(message.part.method ?? 'GET', new URL(`${path}${url.search}`, url), message.body, headerValue(message.part.headers, 'content-type'), options);
}

function describe(message: BatchMessage): string {
  return `part ${message.part.index + 1} (${(message.part.method ?? '?').toUpperCase()} ${message.part.target ?? '?'})`;
}

export class BatchReplay {
  private answers: Map<string, PartAnswer[]> | null = null;
  private readonly served = new Map<string, number>();

  constructor(
    private readonly index: RecordingIndex,
    private readonly keyOptions: KeyOptions,
    private readonly repeatLast: boolean,
  ) {}

  /** Answers for each part key, in recorded order; built on the first live batch. */
  private recordedAnswers(): Map<string, PartAnswer[]> {
    if (this.answers) return this.answers;
    const answers = new Map<string, PartAnswer[]>();
    for (const recorded of this.index.batchRequests) {
      const requests = splitBatch(recorded.body, recorded.contentType);
      const content = this.index.contentOf(recorded.exchangeId);
      const responses = splitBatch(content.body, headerValue(content.headers, 'content-type'));
      if (!requests.ok || !responses.ok) continue;
      requests.messages.forEach((message, i) => {
        const response = responses.messages[i];
        if (!response || response.part.kind !== 'response') return;
        const key = partKey(message, partUrl(message, this.index.upstream).pathname, partUrl(message, this.index.upstream), this.keyOptions);
        const list = answers.get(key.text) ?? [];
        list.push({ exchangeId: recorded.exchangeId, origin: recorded.origin, answer: { status: response.part.status ?? 200, statusText: response.part.statusText ?? '', headers: response.part.headers, body: response.body } });
        answers.set(key.text, list);
      });
    }
    this.answers = answers;
    return answers;
  }

  /** The key the whole recorded batch exchange was indexed under: serving it counts as that request for the event batches it caused. */
  recordedKeyOf(exchangeId: number): string | undefined {
    for (const [text, command] of this.index.commands) if (command.answers.some((a) => a.exchangeId === exchangeId)) return text;
    return undefined;
  }

  /** The recorded answer to each live part, in the live order; the response keeps the recorded batch's boundary. */
  answer(body: Uint8Array, contentType: string | undefined): LiveBatchOutcome {
    const split = splitBatch(body, contentType);
    if (!split.ok) return { ok: false, request: 'POST batch', reason: `The batch could not be read: ${split.problem}` };
    const recorded = this.recordedAnswers();
    const found: { key: RequestKey; answer: PartAnswer }[] = [];
    const taken = new Map<string, number>();
    for (const message of split.messages) {
      const url = partUrl(message, this.index.upstream);
      const keys = this.index.pathsFor(url.pathname).map((path) => partKey(message, path, url, this.keyOptions));
      const key = keys.find((k) => recorded.has(k.text)) ?? (keys[0] as RequestKey);
      const list = recorded.get(key.text);
      const n = (this.served.get(key.text) ?? 0) + (taken.get(key.text) ?? 0);
      const answer = list ? (list[n] ?? (this.repeatLast ? list.at(-1) : undefined)) : undefined;
      if (!answer) return { ok: false, request: `POST batch, ${describe(message)}`, reason: `Batch ${describe(message)} is not in the recording${list ? ` (it was answered ${list.length} time(s) there, all used)` : ''}; no recorded batch holds ${key.method} ${key.path}.` };
      taken.set(key.text, (taken.get(key.text) ?? 0) + 1);
      found.push({ key, answer });
    }
    for (const [text, count] of taken) this.served.set(text, (this.served.get(text) ?? 0) + count);
    const firstRecorded = this.index.batchRequests.find((b) => b.exchangeId === found[0]?.answer.exchangeId);
    const recordedType = firstRecorded ? headerValue(this.index.contentOf(firstRecorded.exchangeId).headers, 'content-type') : undefined;
    const boundary = batchBoundaryOf(recordedType) || 'replay-batch';
    return { ok: true, contentType: `multipart/batching; boundary=${boundary}`, parts: found, boundary };
  }
}
