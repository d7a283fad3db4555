/**
 * Realistic bodies for the decode benchmark, built from the reference corpus (test/corpus/ucwa): the single-resource
 * samples as printed, event batches that embed those resources, and ~1 MB contact collections,
 * each in JSON and in XML (team conventions for the XML forms the docs do not print).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BodyContext } from '../../protocol/decoded-body.ts';

export interface Workload {
  readonly name: string;
  readonly format: 'json' | 'xml';
  readonly context: BodyContext;
  readonly bodies: readonly Uint8Array[];
  readonly totalBytes: number;
}

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';
const encoder = new TextEncoder();

function workload(name: string, format: 'json' | 'xml', texts: readonly string[], context: BodyContext): Workload {
  const bodies = texts.map((t) => encoder.encode(t));
  return { name, format, context, bodies, totalBytes: bodies.reduce((n, b) => n + b.byteLength, 0) };
}

function stripDeclaration(xml: string): string {
  return xml.replace(/^\uFEFF?<\?xml[^>]*\?>\s*/, '');
}

/** Response samples of one format that parse, keyed by resource page. */
function responseSamples(samplesDir: string, extension: 'json' | 'xml'): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(samplesDir).sort()) {
    const match = new RegExp(`^(\\w+)\\.get\\.response\\.${extension}$`).exec(name);
    if (!match) continue;
    const text = readFileSync(join(samplesDir, name), 'utf8');
    if (extension === 'json') {
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
    }
    out.set(match[1] as string, text);
  }
  return out;
}

export function buildWorkloads(corpusDir: string): Workload[] {
  const samplesDir = join(corpusDir, 'samples');
  const json = responseSamples(samplesDir, 'json');
  const xml = responseSamples(samplesDir, 'xml');
  const both = [...json.keys()].filter((rel) => xml.has(rel));
  const response: BodyContext = { direction: 'response', status: 200 };
  const events: BodyContext = { direction: 'response', status: 200, url: '/ucwa/v1/applications/192/events?ack=1' };

  // Event batches: 12 events each, every one embedding a sample resource of its link's rel.
  const jsonBatches: string[] = [];
  const xmlBatches: string[] = [];
  for (let start = 0; start + 12 <= both.length; start += 12) {
    const rels = both.slice(start, start + 12);
    const ack = start / 12 + 1;
    jsonBatches.push(
      JSON.stringify({
        _links: { self: { href: `/ucwa/v1/applications/192/events?ack=${ack}` }, next: { href: `/ucwa/v1/applications/192/events?ack=${ack + 1}` } },
        sender: [
          {
            rel: 'conversation',
            href: '/ucwa/v1/applications/192/communication/conversations/137',
            events: rels.map((rel) => ({ link: { rel, href: `/ucwa/v1/applications/192/${rel}` }, _embedded: { [rel]: JSON.parse(json.get(rel) as string) }, type: 'updated' })),
          },
        ],
      }),
    );
    xmlBatches.push(
      `<?xml version="1.0" encoding="utf-8"?><events href="/ucwa/v1/applications/192/events?ack=${ack}" ${NS}>` +
        `<link rel="next" href="/ucwa/v1/applications/192/events?ack=${ack + 1}"/>` +
        `<sender rel="conversation" href="/ucwa/v1/applications/192/communication/conversations/137">` +
        rels.map((rel) => `<updated rel="${rel}" href="/ucwa/v1/applications/192/${rel}">${stripDeclaration(xml.get(rel) as string).replace(/ xmlns="[^"]*"/, '')}</updated>`).join('') +
        '</sender></events>',
    );
  }

  // ~1 MB collections of contacts, each with its own href.
  const contactJson = JSON.parse(json.get('contact') as string) as { _links: { self: { href: string } } };
  const contactXml = stripDeclaration(xml.get('contact') as string).replace(/ xmlns="[^"]*"/, '');
  const count = Math.ceil(1_000_000 / (json.get('contact') as string).length);
  const contacts = Array.from({ length: count }, (_, i) => ({ ...contactJson, _links: { ...contactJson._links, self: { href: `/ucwa/v1/applications/192/people/c${i}@contoso.com` } } }));
  const collectionJson = JSON.stringify({ rel: 'myContacts', _links: { self: { href: '/ucwa/v1/applications/192/people/contacts' } }, _embedded: { contact: contacts } }, null, 2);
  const collectionXml =
    `<?xml version="1.0" encoding="utf-8"?><resource rel="myContacts" href="/ucwa/v1/applications/192/people/contacts" ${NS}>` +
    Array.from({ length: Math.ceil(1_000_000 / contactXml.length) }, (_, i) => contactXml.replace(/href="[^"]*"/, `href="/ucwa/v1/applications/192/people/c${i}@contoso.com"`)).join('\n') +
    '</resource>';

  return [
    workload(`single resources (${both.length} GET response samples)`, 'json', both.map((rel) => json.get(rel) as string), response),
    workload(`single resources (${both.length} GET response samples)`, 'xml', both.map((rel) => xml.get(rel) as string), response),
    workload(`event batches (${jsonBatches.length} × 12 events with embedded resources)`, 'json', jsonBatches, events),
    workload(`event batches (${xmlBatches.length} × 12 events with embedded resources)`, 'xml', xmlBatches, events),
    workload(`contact collection (${count} contacts)`, 'json', [collectionJson], response),
    workload(`contact collection (${Math.ceil(1_000_000 / contactXml.length)} contacts)`, 'xml', [collectionXml], response),
  ];
}

export function hasCorpus(corpusDir: string): boolean {
  return existsSync(join(corpusDir, 'samples'));
}
