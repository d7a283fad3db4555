/**
 * Replaces the people in a session with stable placeholders before it is shared: each SIP URI or
 * e-mail address (`sip:dana@fabrikam.com`, `dana%40fabrikam.com`) becomes `user1@example.invalid`
 * and the display name UCWA gives that person becomes "User 1", everywhere (URLs, headers, JSON
 * and XML bodies, `data:` message text). The same person always gets the same placeholder, in
 * order of first appearance, so the requests of a pseudonymised session still match its responses
 * and it replays as the original did.
 */
import { CONTENT_CODECS, type ContentCodec } from '../content-encoding.ts';
import { headerValue, type HeaderPairs, type RecordedExchange, type RecordedRequest, type RecordedResponse } from '../../protocol/exchange.ts';


/**
 * `user@domain` with the @ raw or percent-encoded (`%40`). The local part starts after anything
 * that is not part of one, including an escape such as `sip%3A` or `%20`, so
 * `sip%3Adana%40fabrikam.com` yields `dana` and keeps its prefix.
 */
const ADDRESS = /(?<=^|[^A-Za-z0-9._+%-]|%[0-9A-Fa-f]{2})([A-Za-z0-9._+-]+)(?:@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/gi;
const PLACEHOLDER_DOMAIN = 'example.invalid';

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A message's text and how to put changed text back; null when the body is not text we can read. */
function bodyText(headers: HeaderPairs, body: Uint8Array): { text: string; codec: ContentCodec | undefined } | null {
  if (body.byteLength === 0) return null;
  const encoding = (headerValue(headers, 'content-encoding') ?? '').trim().toLowerCase();
  const codec = encoding === '' || encoding === 'identity' ? undefined : CONTENT_CODECS[encoding];
  if (encoding !== '' && encoding !== 'identity' && codec === undefined) return null;
  try {
    const plain = codec ? codec.decode(body) : body;
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(plain), codec };
  } catch {
    return null;
  }
}

export class Pseudonymizer {
  /** Lower-cased `user@domain` → person number. */
  private readonly people = new Map<string, number>();
  /** Display name → person number. */
  private readonly names = new Map<string, number>();
  /** Compiled on first use after learning; undefined until then. */
  private pattern: RegExp | null | undefined;
  private words = new Map<string, number>();

  /** First pass: learns every person the exchange mentions. Call for every exchange before `apply`. */
  learn(exchange: RecordedExchange): void {
    this.pattern = undefined;
    const texts = [exchange.request.url, ...exchange.request.headers.map(([, v]) => v)];
    const requestBody = bodyText(exchange.request.headers, exchange.request.body);
    if (requestBody) texts.push(requestBody.text);
    const response = exchange.stage === 'initiated' ? null : exchange.response;
    const responseBody = response ? bodyText(response.headers, response.body) : null;
    if (response) texts.push(...response.headers.map(([, v]) => v));
    if (responseBody) texts.push(responseBody.text);
    for (const text of texts) for (const match of text.matchAll(ADDRESS)) this.personOf(`${match[1] as string}@${match[2] as string}`);
    for (const text of [requestBody?.text, responseBody?.text]) if (text !== undefined) this.learnNames(text);
  }

  /** Second pass: the exchange with every learned person replaced. */
  apply<E extends RecordedExchange>(exchange: E): E {
    const request = this.applyMessage(exchange.request);
    const url = this.replace(exchange.request.url);
    const withUrl: RecordedRequest = url === request.url ? request : { ...request, url };
    if (exchange.stage === 'initiated' || exchange.response === null) return { ...exchange, request: withUrl };
    return { ...exchange, request: withUrl, response: this.applyMessage(exchange.response) };
  }

  /** How many people were found (for the export's report). */
  get personCount(): number {
    return this.people.size;
  }

  private personOf(address: string): number {
    const key = address.toLowerCase();
    if (key.endsWith(`@${PLACEHOLDER_DOMAIN}`)) return 0;
    let n = this.people.get(key);
    if (n === undefined) {
      n = this.people.size + 1;
      this.people.set(key, n);
    }
    return n;
  }

  /**
   * Display names come from resources that carry a person's address beside a name: UCWA's
   * `me`, `contact`, `person`, `participant` (`name` + `uri`), and links to a person's resource
   * (`title` + an `href` holding the address), in JSON and in XML.
   */
  private learnNames(text: string): void {
    const nameFor = (name: string, address: string | undefined): void => {
      if (address === undefined || name.trim() === '' || /@|^sip:/i.test(name)) return;
      const found = [...address.matchAll(ADDRESS)][0];
      if (!found) return;
      const n = this.personOf(`${found[1] as string}@${found[2] as string}`);
      if (n > 0 && !this.names.has(name)) this.names.set(name, n);
    };
    const trimmed = text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let root: unknown;
      try {
        root = JSON.parse(text);
      } catch {
        return;
      }
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) return value.forEach(walk);
        if (typeof value !== 'object' || value === null) return;
        const o = value as Record<string, unknown>;
        if (typeof o['name'] === 'string' && typeof o['uri'] === 'string') nameFor(o['name'], o['uri']);
        if (typeof o['title'] === 'string' && typeof o['href'] === 'string') nameFor(o['title'], o['href']);
        Object.values(o).forEach(walk);
      };
      walk(root);
      return;
    }
    if (trimmed.startsWith('<')) {
      for (const m of text.matchAll(/<link\b[^>]*?\bhref="([^"]*)"[^>]*?\btitle="([^"]*)"/g)) nameFor(m[2] as string, m[1]);
      // A resource's own properties: pair the uri and name that sit between one resource tag and the next.
      for (const block of text.split(/<resource\b/)) {
        const uri = /<property name="uri">([^<]*)<\/property>/.exec(block)?.[1];
        const name = /<property name="name">([^<]*)<\/property>/.exec(block)?.[1];
        if (uri !== undefined && name !== undefined) nameFor(name, uri);
      }
    }
  }

  /**
   * Names, longest first, in the forms they are written in: plain, percent-encoded, form-encoded;
   * then each capitalised word of a name on its own (message text says "Hi Dana"), when only one
   * person has it. Case-sensitive: "Rose" is a person, "rose" a verb.
   */
  private compile(): RegExp | null {
    const alternatives: string[] = [];
    for (const name of [...this.names.keys()].sort((a, b) => b.length - a.length)) {
      alternatives.push(escapeRegExp(name), escapeRegExp(encodeURIComponent(name)), escapeRegExp(encodeURIComponent(name).replace(/%20/g, '+')));
    }
    for (const word of this.nameWords().keys()) alternatives.push(`(?<![A-Za-z])${escapeRegExp(word)}(?![a-z])`);
    return alternatives.length === 0 ? null : new RegExp([...new Set(alternatives)].join('|'), 'g');
  }

  /** Capitalised words of names (3 letters or more) that belong to exactly one person. */
  private nameWords(): Map<string, number> {
    const words = new Map<string, number>();
    const shared = new Set<string>();
    for (const [name, n] of this.names)
      for (const word of name.split(/\s+/)) {
        if (!/^\p{Lu}\p{L}{2,}$/u.test(word)) continue;
        if (words.has(word) && words.get(word) !== n) shared.add(word);
        words.set(word, n);
      }
    for (const word of shared) words.delete(word);
    return words;
  }

  private replace(text: string): string {
    if (this.people.size === 0) return text;
    const withAddresses = text.replace(ADDRESS, (match: string, local: string, domain: string) => {
      const n = this.people.get(`${local}@${domain}`.toLowerCase());
      return n === undefined ? match : `user${n}${match.includes('@') ? '@' : '%40'}${PLACEHOLDER_DOMAIN}`;
    });
    if (this.pattern === undefined) {
      this.pattern = this.compile();
      this.words = this.nameWords();
    }
    if (this.pattern === null) return withAddresses;
    return withAddresses.replace(this.pattern, (match: string) => {
      const word = this.words.get(match);
      if (word !== undefined) return `User${word}`;
      const n = this.names.get(match) ?? this.names.get(safeDecode(match.replace(/\+/g, ' ')));
      if (n === undefined) return match;
      // Keep the form the name was written in: plain, percent-encoded, or form-encoded.
      if (match.includes('%20')) return `User%20${n}`;
      if (!this.names.has(match) && match.includes('+')) return `User+${n}`;
      return `User ${n}`;
    });
  }

  private applyMessage<M extends RecordedRequest | RecordedResponse>(message: M): M {
    let headers: HeaderPairs = message.headers.map(([name, value]) => [name, this.replace(value)] as const);
    const body = bodyText(message.headers, message.body);
    if (body === null) return { ...message, headers };
    const replaced = this.replace(body.text);
    if (replaced === body.text) return { ...message, headers };
    const plain = new TextEncoder().encode(replaced);
    const bytes = body.codec ? new Uint8Array(body.codec.encode(plain)) : plain;
    const delta = bytes.byteLength - message.body.byteLength;
    headers = headers.map(([name, value]) => (name.toLowerCase() === 'content-length' && /^\d+$/.test(value.trim()) ? ([name, String(Number(value) + delta)] as const) : ([name, value] as const)));
    return { ...message, headers, body: bytes, bodySizeBytes: message.bodySizeBytes + delta };
  }
}

/** A session's rows with every person replaced: reads the rows twice (learn, then apply). */
export function* pseudonymizedRows<R extends { readonly exchange: RecordedExchange }>(rows: () => Iterable<R>): IterableIterator<R> {
  const pseudonymizer = new Pseudonymizer();
  for (const row of rows()) pseudonymizer.learn(row.exchange);
  for (const row of rows()) yield { ...row, exchange: pseudonymizer.apply(row.exchange) };
}
