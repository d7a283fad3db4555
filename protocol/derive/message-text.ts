/**
 * The readable text of IMs a resource carries in `data:` links (`plainMessage`, `htmlMessage`,
 * an invitation's first `message`), for search and for timelines. Plain text wins over HTML
 * when a message carries both; HTML is reduced to its text, never rendered.
 */
import { decodeDataUri } from '../data-uri.ts';
import type { UcwaResource } from '../resource.ts';

const TEXT_LINKS = ['plainMessage', 'message', 'htmlMessage'] as const;

export function messageText(resource: UcwaResource): string | null {
  for (const rel of TEXT_LINKS) {
    const href = resource.links[rel]?.[0]?.href;
    if (href === undefined || !/^data:/i.test(href)) continue;
    const decoded = decodeDataUri(href);
    if (!decoded.ok || !decoded.mediaType.startsWith('text/')) continue;
    return decoded.mediaType === 'text/html' ? htmlToText(decoded.text) : decoded.text;
  }
  return null;
}

function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
