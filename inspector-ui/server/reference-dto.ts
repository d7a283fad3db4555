/**
 * The reference at hand for one decoded resource: its rel's catalogue entry (reference pages,
 * documented properties, links and operations), each name marked present or not in the body, and
 * what the body carried that the reference does not document.
 */
import { catalogEntry, documentedNames } from '../../protocol/catalog/catalog.ts';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { ReferenceDto } from '../api/wire-types.ts';

export function referenceDto(body: DecodedBody | null): ReferenceDto | null {
  if (body?.kind !== 'resource' || body.resource.rel === null) return null;
  const resource = body.resource;
  const entry = catalogEntry(resource.rel as string);
  const names = documentedNames(resource.rel as string);
  if (!entry || !names) return null;
  const hasLink = (rel: string) => rel === 'self' ? resource.href !== null : rel in resource.links;
  const had = [...Object.keys(resource.properties).map((n) => ({ n, known: names.properties.has(n) || names.links.has(n) })), ...Object.keys(resource.links).map((n) => ({ n, known: names.links.has(n) || names.properties.has(n) })), ...Object.keys(resource.embedded).map((n) => ({ n, known: names.embedded.has(n) }))];
  return {
    rel: entry.rel,
    pages: entry.pages,
    properties: [...new Set([...entry.properties, ...entry.linkedContent])].map((name) => ({ name, present: name in resource.properties || name in resource.links })),
    links: [...new Set([...entry.links, ...entry.embedded])].map((name) => ({ name, present: hasLink(name) || name in resource.embedded })),
    operations: entry.operations.map((op) => ({ verb: op.verb, query: op.query, inputs: op.inputs })),
    undocumented: had.filter((h) => !h.known).map((h) => h.n),
  };
}
