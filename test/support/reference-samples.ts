/**
 * The reference corpus's sample bodies (`test/corpus/ucwa/samples`) read through the real decoder,
 * for suites that prove the catalogue, lint and views on them in both wire formats.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { EventBatch } from '../../protocol/event.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { ucwaCorpusDir } from './corpus-path.ts';

export type SampleFormat = 'json' | 'xml';

export const SAMPLE_FORMATS: readonly SampleFormat[] = ['json', 'xml'];

export const samplesDir = join(ucwaCorpusDir, 'samples');

const MEDIA_TYPES: Readonly<Record<SampleFormat, string>> = { json: 'application/json', xml: 'application/xml' };

/** One sample (a path under `samples/`) decoded as a response of its format; throws with the decoder's problem. */
export function decodeSample(file: string): DecodedBody {
  const format: SampleFormat = file.endsWith('.xml') ? 'xml' : 'json';
  const result = decodeBody(new Uint8Array(readFileSync(join(samplesDir, file))), { direction: 'response', contentType: MEDIA_TYPES[format] });
  if (!result.ok) throw new Error(`samples/${file}: ${result.problem}`);
  return result.body;
}

export function sampleResource(file: string): UcwaResource {
  const body = decodeSample(file);
  if (body.kind !== 'resource') throw new Error(`samples/${file} decodes to a ${body.kind} body, not a resource`);
  return body.resource;
}

export function sampleEventBatch(file: string): EventBatch {
  const body = decodeSample(file);
  if (body.kind !== 'events') throw new Error(`samples/${file} decodes to a ${body.kind} body, not an event batch`);
  return body.batch;
}

/** Every response sample of one format, sorted by name (`conversation.get.response.json`...). */
export function responseSampleFiles(format: SampleFormat): string[] {
  return readdirSync(samplesDir)
    .filter((file) => file.endsWith(`.response.${format}`))
    .sort();
}

/** Every event-batch sample (`events/<rel>.<type>.<format>`) of one format, sorted. */
export function eventSampleFiles(format: SampleFormat): string[] {
  return readdirSync(join(samplesDir, 'events'))
    .filter((file) => file.endsWith(`.${format}`))
    .sort()
    .map((file) => `events/${file}`);
}
