// The resources a decoded response holds (root, embedded, delivered in events), one per href in
// wire order, so the detail can link each to its history.
import type { DecodedBody } from '../../../protocol/decoded-body.ts';
import { resourcesOfBody } from '../../../protocol/resource-diff.ts';

export interface ResourceRef {
  readonly rel: string;
  readonly href: string;
}

/** `decoded` is a response body's `decoded` field as the API sends it (a DecodedBody, or null). */
export function resourceHrefs(decoded: unknown): ResourceRef[] {
  const body = decoded as DecodedBody | null;
  if (body?.kind !== 'resource' && body?.kind !== 'events') return [];
  const seen = new Map<string, ResourceRef>();
  for (const { resource } of resourcesOfBody(body))
    if (resource.href !== null && !resource.href.startsWith('data:') && !seen.has(resource.href)) seen.set(resource.href, { rel: resource.rel ?? '', href: resource.href });
  return [...seen.values()];
}
