/**
 * Checks every `data:` link in a decoded body (IM text in `plainMessage`/`htmlMessage`/`message`,
 * SDP in `mediaOffer`...) with decodeDataUri and returns a warning for each one that does not
 * decode. The link itself is kept as sent.
 */
import { decodeDataUri } from './data-uri.ts';
import type { DecodedBody } from './decoded-body.ts';
import type { UcwaLink, UcwaResource } from './resource.ts';

export function checkDataLinks(body: DecodedBody): string[] {
  const warnings: string[] = [];
  const checkLink = (link: UcwaLink, where: string): void => {
    // Nearly every href is a path; the first character settles it before a regex runs.
    const first = link.href.charCodeAt(0);
    if ((first !== 0x64 && first !== 0x44) /* d, D */ || !/^data:/i.test(link.href)) return;
    const result = decodeDataUri(link.href);
    if (!result.ok) warnings.push(`link ${link.rel} of ${where}: ${result.problem}`);
  };
  const checkResource = (resource: UcwaResource, where: string): void => {
    for (const links of Object.values(resource.links)) for (const link of links) checkLink(link, where);
    for (const [relationship, resources] of Object.entries(resource.embedded))
      resources.forEach((nested, i) => checkResource(nested, `${where} > ${relationship}${resources.length > 1 ? `[${i}]` : ''}`));
  };
  if (body.kind === 'resource') checkResource(body.resource, body.resource.rel ?? 'the resource');
  if (body.kind === 'events')
    for (const event of body.batch.events) {
      checkLink(event.link, `event ${event.index}`);
      for (const [relationship, resources] of Object.entries(event.embedded)) for (const resource of resources) checkResource(resource, `event ${event.index} > ${relationship}`);
    }
  return warnings;
}
