/**
 * The exchange list's filter language: `method:POST status:4xx rel:conversation conv:137
 * href:/events error:yes has:lint "Hi Tosh"`. Words without a field are searched as text; a `word:` that is
 * no field is a mistake named as such (quote it to search for it). Kept in the URL as it is typed;
 * parsed the same way by the app (for chips and completion) and the server.
 */

export interface ExchangeQuery {
  readonly method?: string;
  readonly status?: string;
  readonly rel?: string;
  readonly conv?: string;
  readonly href?: string;
  readonly text?: string;
  readonly error?: boolean;
  /** `has:lint`: only exchanges with catalogue lint findings. */
  readonly hasLint?: boolean;
  readonly from?: number;
  readonly to?: number;
}

export const QUERY_FIELDS = ['method', 'status', 'rel', 'conv', 'href', 'error', 'has', 'from', 'to'] as const;

export type QueryParse = { readonly ok: true; readonly query: ExchangeQuery } | { readonly ok: false; readonly problem: string };

function tokens(input: string): string[] {
  const out: string[] = [];
  const pattern = /(\w+:)?"([^"]*)"|(\S+)/g;
  for (const match of input.matchAll(pattern)) out.push(match[1] ? `${match[1]}${match[2]}` : match[2] !== undefined ? `"${match[2]}` : (match[3] as string));
  return out;
}

export function parseExchangeQuery(input: string): QueryParse {
  const query: { -readonly [K in keyof ExchangeQuery]: ExchangeQuery[K] } = {};
  const words: string[] = [];
  for (const token of tokens(input.trim())) {
    if (token.startsWith('"')) {
      words.push(token.slice(1));
      continue;
    }
    const colon = token.indexOf(':');
    const field = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    if (!(QUERY_FIELDS as readonly string[]).includes(field)) {
      if (/^\w+$/.test(field)) return { ok: false, problem: `"${field}:" is not a filter field; use ${QUERY_FIELDS.map((f) => `${f}:`).join(' ')}, or put "${token}" in quotes to search for the text` };
      words.push(token);
      continue;
    }
    const value = token.slice(colon + 1);
    if (value === '') return { ok: false, problem: `${field}: needs a value` };
    switch (field) {
      case 'method':
        query.method = value.toUpperCase();
        break;
      case 'status':
        if (!/^([1-5]xx|\d{3}|\d{3}-\d{3})$/i.test(value)) return { ok: false, problem: `status: takes 409, 4xx or 400-499, not "${value}"` };
        query.status = value.toLowerCase();
        break;
      case 'error':
        if (!/^(yes|no|true|false)$/i.test(value)) return { ok: false, problem: `error: takes yes or no, not "${value}"` };
        query.error = /^(yes|true)$/i.test(value);
        break;
      case 'has':
        if (value.toLowerCase() !== 'lint') return { ok: false, problem: `has: takes lint (exchanges with catalogue lint findings), not "${value}"` };
        query.hasLint = true;
        break;
      case 'from':
      case 'to': {
        const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
        if (Number.isNaN(ms)) return { ok: false, problem: `${field}: takes a time (ISO 8601 or epoch ms), not "${value}"` };
        query[field] = ms;
        break;
      }
      default:
        query[field as 'rel' | 'conv' | 'href'] = value;
    }
  }
  if (words.length > 0) query.text = words.join(' ');
  return { ok: true, query };
}
