/** Loads reference samples through the real decoder, failing loudly when one does not decode to what a test expects. */
import { readFileSync } from 'node:fs';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { EventBatch } from '../../protocol/event.ts';
import type { UcwaResource } from '../../protocol/resource.ts';

function contentTypeOf(file: string): string {
  return file.endsWith('.xml') ? 'application/xml' : 'application/json';
}

/** The resource a response sample decodes to; undefined when the sample does not decode (samples/index.json lists those). */
export function tryDecodeResourceSample(path: string): UcwaResource | undefined {
  const result = decodeBody(readFileSync(path), { contentType: contentTypeOf(path), direction: 'response', status: 200 });
  return result.ok && result.body.kind === 'resource' ? result.body.resource : undefined;
}

export function decodeResourceSample(path: string): UcwaResource {
  const resource = tryDecodeResourceSample(path);
  if (!resource) throw new Error(`${path} does not decode to a resource`);
  return resource;
}

export function decodeEventSample(path: string): EventBatch {
  const result = decodeBody(readFileSync(path), { contentType: contentTypeOf(path), direction: 'response', status: 200, url: '/ucwa/v1/applications/appId/events?ack=1' });
  if (!result.ok || result.body.kind !== 'events') throw new Error(`${path} does not decode to an event batch: ${result.ok ? result.body.kind : result.problem}`);
  return result.body.batch;
}
