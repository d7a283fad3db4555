/**
 * Recognises the HTML error pages real UCWA servers answer with when a request never reached
 * UCWA: IIS's own pages (`404 - File or directory not found.`) and ASP.NET's "Server Error in
 * '/' Application" page. Such a body is an error report, not IM text.
 */

export interface HtmlErrorPage {
  /** The page's `<title>` (else its first heading), entity-decoded and trimmed; null when it has neither. */
  readonly title: string | null;
  /** Who wrote the page, when its markup says so. */
  readonly server: 'IIS' | 'ASP.NET' | null;
}

/** IIS titles its pages by status: `404 - File or directory not found.`, `500 - Internal server error.`, `401 - Unauthorized: …`. */
const IIS_TITLE = /^\d{3}(?:\.\d+)? - /;
/** ASP.NET writes the quotes literally or as `&#39;`. */
const ASP_NET_MARKER = /Server Error in (?:'|&#39;|&apos;)[^'&<]*(?:'|&#39;|&apos;) Application/i;

/** The error page an HTML response body is, or null when nothing marks it as one and the status is not an error. */
export function htmlErrorPage(html: string, status: number | undefined): HtmlErrorPage | null {
  const title = textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]) ?? textOf(/<h[12][^>]*>([\s\S]*?)<\/h[12]>/i.exec(html)?.[1]);
  const server = ASP_NET_MARKER.test(html) ? 'ASP.NET' : title !== null && IIS_TITLE.test(title) ? 'IIS' : null;
  if (server === null && (status === undefined || status < 400)) return null;
  return { title, server };
}

function textOf(markup: string | undefined): string | null {
  if (markup === undefined) return null;
  const text = decodeEntities(markup.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|quot|apos|amp|nbsp);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#')) return codePoint(lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10));
    return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: ' ' }[lower] ?? '';
  });
}

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}
