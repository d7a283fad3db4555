/**
 * Walks every sample of the shared UCWA corpus (`samples/index.json`): each JSON and XML body the
 * index says parses must decode, each one it says does not must get a problem that names why,
 * and each event sample must decode into the event its filename and the catalog describe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { BodyContext, DecodeResult } from '../../protocol/decoded-body.ts';
import { ucwaCorpusDir } from '../support/corpus-path.ts';

interface IndexEntry {
  readonly file: string;
  readonly kind: 'response_body' | 'request_body' | 'event_batch' | 'multipart_part_body';
  readonly format: string;
  readonly resource: string;
  readonly event_type?: string;
  readonly parse: { readonly ok: boolean; readonly issues?: readonly string[] } | null;
}

interface CatalogSample {
  readonly file: string | null;
  readonly direction?: 'request' | 'response';
  readonly start_line?: string;
  readonly status?: number | null;
  readonly content_type?: string | null;
}

interface CatalogEntry {
  readonly rel: string;
  readonly events: readonly { readonly type: string; readonly resource: string; readonly sender: string; readonly sample_file: string | null }[];
  readonly samples: Readonly<Record<string, readonly CatalogSample[]>>;
}

const shared = ucwaCorpusDir;
const index = JSON.parse(readFileSync(join(shared, 'samples', 'index.json'), 'utf8')) as IndexEntry[];
const catalog = JSON.parse(readFileSync(join(shared, 'catalog.json'), 'utf8')) as CatalogEntry[];
const catalogSamples = new Map<string, CatalogSample>();
for (const entry of catalog) for (const list of Object.values(entry.samples)) for (const sample of list) if (sample.file) catalogSamples.set(sample.file, sample);

const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(join(shared, file)));

/** The context the sample was printed in: its Content-Type, direction, URL and status. */
function contextOf(entry: IndexEntry): BodyContext {
  const sample = catalogSamples.get(entry.file);
  const direction = entry.kind === 'request_body' ? 'request' : 'response';
  const requestLine = sample?.start_line && /^(\w+) (\S+) HTTP/.exec(sample.start_line);
  return {
    direction,
    contentType: sample?.content_type ?? undefined,
    ...(requestLine ? { method: (requestLine[1] as string).toUpperCase(), url: requestLine[2] } : {}),
    ...(typeof sample?.status === 'number' ? { status: sample.status } : {}),
  };
}

function decode(entry: IndexEntry): DecodeResult {
  return decodeBody(bytesOf(entry.file), contextOf(entry));
}

describe('the shared UCWA samples', () => {
  const structured = index.filter((e) => (e.format === 'json' || e.format === 'xml') && e.parse !== null);

  it('decode whenever the index says they parse', () => {
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    let warned = 0;
    for (const entry of structured.filter((e) => e.parse?.ok)) {
      const result = decode(entry);
      if (!result.ok) failures.push(`${entry.file}: ${result.problem}`);
      else {
        counts[`${entry.format} ${result.body.kind}`] = (counts[`${entry.format} ${result.body.kind}`] ?? 0) + 1;
        if (result.warnings.length > 0) warned++;
      }
    }
    console.log(`samples that parse, decoded by format and kind: ${JSON.stringify(counts)}; ${warned} of them with warnings`);
    expect(failures).toEqual([]);
    expect(counts).toEqual({ 'json resource': 154, 'json events': 124, 'xml resource': 154 });
  });

  it('get a problem naming the HTML escaping whenever the index says they do not parse', () => {
    const bad = structured.filter((e) => e.parse && !e.parse.ok);
    const counts: Record<string, number> = {};
    for (const entry of bad) {
      const result = decode(entry);
      expect(result.ok, entry.file).toBe(false);
      if (result.ok) continue;
      counts[entry.format] = (counts[entry.format] ?? 0) + 1;
      const issues = entry.parse?.issues ?? [];
      expect(result.problem, entry.file).toMatch(entry.format === 'json' ? /^JSON: the body is HTML-escaped: "&quot;" at offset \d+ \(line \d+, column \d+\)/ : /^XML: the body is HTML-escaped: it starts with "&lt;"/);
      expect(result.line, entry.file).toBeGreaterThan(0);
      if (issues.some((i) => i.startsWith('raw line break'))) expect(result.problem, entry.file).toMatch(/even un-escaped it is not JSON: .*raw control character U\+000A/);
      if (issues.some((i) => i.startsWith('spaces injected'))) expect(result.problem, entry.file).toMatch(/spaces the docs inserted, e\.g\. "(sip|data|tel) : /);
    }
    console.log(`samples that do not parse, each given a precise problem: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ json: 54, xml: 54 });
  });

  it('decode every event sample into the event its filename and the catalog describe', () => {
    const events = index.filter((e) => e.kind === 'event_batch');
    for (const entry of events) {
      const result = decode(entry);
      if (!result.ok) throw new Error(`${entry.file}: ${result.problem}`);
      expect(result.body.kind, entry.file).toBe('events');
      if (result.body.kind !== 'events') continue;
      const { batch } = result.body;
      const [, fileRel, fileType] = /^samples\/events\/(\w+)\.(\w+)\.json$/.exec(entry.file) ?? [];
      const described = catalog.flatMap((c) => c.events).filter((e) => e.sample_file === entry.file);
      const raw = JSON.parse(readFileSync(join(shared, entry.file), 'utf8')) as { sender: { events: { link: { href: string } }[] }[] };
      expect(fileRel, entry.file).toBe(entry.resource);
      expect(batch.events, entry.file).toHaveLength(1);
      const [event] = batch.events;
      expect(event?.type, entry.file).toBe(fileType);
      expect(event?.type, entry.file).toBe(entry.event_type);
      expect(described.map((d) => d.sender), entry.file).toContain(event?.sender.rel);
      expect(described.map((d) => d.resource), entry.file).toContain(event?.link.rel);
      expect(event?.link.href, entry.file).toBe(raw.sender[0]?.events[0]?.link.href);
      expect([batch.self?.ack, batch.next?.ack], entry.file).toEqual([1, 2]);
    }
    console.log(`event samples decoded into their described event: ${events.length}`);
    expect(events).toHaveLength(124);
  });

  it('decode the other sample bodies by their Content-Type', () => {
    const others = index.filter((e) => e.parse === null);
    const kinds: Record<string, string[]> = {};
    for (const entry of others) {
      const result = decode(entry);
      const kind = result.ok ? result.body.kind : `problem: ${result.problem}`;
      (kinds[entry.format] ??= []).push(kind);
    }
    console.log(`other samples: ${JSON.stringify(kinds)}`);
    expect(kinds['sdp']).toEqual(Array(7).fill('opaque'));
    expect(kinds['binary']).toEqual(['opaque', 'opaque']);
    expect(kinds['html']).toEqual(['message-text', 'message-text']);
    expect(kinds['text']).toEqual(['message-text']);
    expect(kinds['multipart']?.sort()).toEqual([
      'batch',
      'batch',
      'problem: multipart: lines are separated by "<BR>" tags, not line breaks (how the UCWA docs render batch bodies); replace each <BR> with CRLF to read it',
      'problem: multipart: lines are separated by "<BR>" tags, not line breaks (how the UCWA docs render batch bodies); replace each <BR> with CRLF to read it',
    ]);
    const sendMessage = decode(others.find((e) => e.resource === 'sendMessage') as IndexEntry);
    expect(sendMessage.ok && sendMessage.body).toEqual({ kind: 'message-text', mediaType: 'text/plain', text: 'HelloWorld!\n' });
  });
});
