/**
 * Field-by-field differences between two response bodies in the decoded model (protocol/), so a
 * JSON and an XML answer with the same meaning compare equal: properties added, removed or
 * changed, link rels added or removed, embedded resources in turn. Volatile fields are skipped.
 */
import { decodeHttpMessage } from '../../protocol/decode-message.ts';
import type { DecodeResult } from '../../protocol/decoded-body.ts';
import { isPutSentinel } from '../../protocol/catalog/put-sentinel.ts';
import type { PropertyValue, UcwaResource } from '../../protocol/resource.ts';
import type { ResponseContent } from '../../storage/recording-store.ts';
import type { FieldChange } from '../../protocol/drift-report.ts';
import { volatileNature } from './volatile-fields.ts';

export interface ResponseToCompare {
  readonly content: ResponseContent | null;
  readonly status: number | null;
  readonly method: string;
  readonly url: string;
}

type Fields = Readonly<Record<string, PropertyValue>>;

function decode(response: ResponseToCompare): DecodeResult {
  if (!response.content) return { ok: true, format: 'none', body: { kind: 'empty' }, warnings: [] };
  return decodeHttpMessage({ side: 'response', body: response.content.body, headers: response.content.headers, method: response.method, url: response.url, status: response.status });
}

/** A value as shown to people: JSON text, dates by their wire text. */
function shown(value: PropertyValue): string {
  return JSON.stringify(plain(value, false));
}

/** Plain data for showing or, with `masked`, for comparing: dates and hrefs then stand for their nature only. */
function plain(value: PropertyValue, masked: boolean): unknown {
  const nature = masked ? volatileNature(value) : null;
  if (nature) return `(${nature})`;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: PropertyValue) => plain(item, masked));
  if ('kind' in value && value.kind === 'date') return value.text;
  if ('kind' in value && value.kind === 'record') return Object.fromEntries(Object.keys(value.fields).sort().map((key) => [key, plain(value.fields[key] as PropertyValue, masked)]));
  return value;
}

function compareFields(prefix: string, a: Fields, b: Fields, ignore: ReadonlySet<string>, out: FieldChange[]): void {
  for (const name of union(Object.keys(a), Object.keys(b))) {
    if (ignore.has(name.toLowerCase())) continue;
    const field = `${prefix}${name}`;
    const inA = Object.hasOwn(a, name);
    const inB = Object.hasOwn(b, name);
    const va = a[name] as PropertyValue;
    const vb = b[name] as PropertyValue;
    if (!inA) out.push({ change: 'added', field, a: null, b: shown(vb) });
    else if (!inB) out.push({ change: 'removed', field, a: shown(va), b: null });
    else if (JSON.stringify(plain(va, true)) !== JSON.stringify(plain(vb, true))) out.push({ change: 'changed', field, a: shown(va), b: shown(vb) });
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

function compareResource(prefix: string, a: UcwaResource, b: UcwaResource, ignore: ReadonlySet<string>, out: FieldChange[]): void {
  if (a.rel !== b.rel) out.push({ change: 'changed', field: `${prefix}type`, a: JSON.stringify(a.rel), b: JSON.stringify(b.rel) });
  // The PUT sentinel's name is a GUID the server picks anew each time.
  const withoutSentinel = (properties: Fields): Fields => Object.fromEntries(Object.entries(properties).filter(([name, value]) => !isPutSentinel(name, value)));
  compareFields(`${prefix}property `, withoutSentinel(a.properties), withoutSentinel(b.properties), ignore, out);
  for (const rel of union(Object.keys(a.links), Object.keys(b.links))) {
    if (rel === 'self' || ignore.has(rel.toLowerCase())) continue;
    const la = a.links[rel] ?? [];
    const lb = b.links[rel] ?? [];
    const field = `${prefix}link ${rel}`;
    if (la.length === 0) out.push({ change: 'added', field, a: null, b: String(lb.length) });
    else if (lb.length === 0) out.push({ change: 'removed', field, a: String(la.length), b: null });
    else if (la.length !== lb.length) out.push({ change: 'changed', field: `${field} count`, a: String(la.length), b: String(lb.length) });
    else {
      const titles = (links: typeof la) => JSON.stringify(links.map((link) => link.title ?? null));
      if (titles(la) !== titles(lb)) out.push({ change: 'changed', field: `${field} title`, a: titles(la), b: titles(lb) });
    }
  }
  for (const name of union(Object.keys(a.embedded), Object.keys(b.embedded))) {
    if (ignore.has(name.toLowerCase())) continue;
    const ea = a.embedded[name] ?? [];
    const eb = b.embedded[name] ?? [];
    const field = `${prefix}embedded ${name}`;
    if (ea.length === 0) out.push({ change: 'added', field, a: null, b: String(eb.length) });
    else if (eb.length === 0) out.push({ change: 'removed', field, a: String(ea.length), b: null });
    else {
      if (ea.length !== eb.length) out.push({ change: 'changed', field: `${field} count`, a: String(ea.length), b: String(eb.length) });
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) compareResource(`${field}[${i}] `, ea[i] as UcwaResource, eb[i] as UcwaResource, ignore, out);
    }
  }
}

function compareDecoded(prefix: string, a: DecodeResult, b: DecodeResult, ignore: ReadonlySet<string>, out: FieldChange[]): void {
  const kindA = a.ok ? a.body.kind : 'undecodable';
  const kindB = b.ok ? b.body.kind : 'undecodable';
  if (kindA !== kindB) {
    out.push({ change: 'changed', field: `${prefix}body kind`, a: JSON.stringify(kindA), b: JSON.stringify(kindB) });
    return;
  }
  if (!a.ok || !b.ok) return;
  const x = a.body;
  const y = b.body;
  // Event batches are compared as conversations' event sequences, not body by body.
  if (x.kind === 'resource' && y.kind === 'resource') compareResource(prefix, x.resource, y.resource, ignore, out);
  else if (x.kind === 'error' && y.kind === 'error') compareFields(`${prefix}error `, errorFields(x.error), errorFields(y.error), ignore, out);
  else if (x.kind === 'token' && y.kind === 'token') compareFields(`${prefix}token `, x.token.fields, y.token.fields, ignore, out);
  else if (x.kind === 'oauth-error' && y.kind === 'oauth-error') compareFields(`${prefix}oauth `, { error: x.error, ...x.fields }, { error: y.error, ...y.fields }, ignore, out);
  else if (x.kind === 'form' && y.kind === 'form') compareFields(`${prefix}form `, Object.fromEntries(x.fields), Object.fromEntries(y.fields), ignore, out);
  else if (x.kind === 'message-text' && y.kind === 'message-text') compareFields(prefix, { text: x.text }, { text: y.text }, ignore, out);
  else if (x.kind === 'error-page' && y.kind === 'error-page') compareFields(`${prefix}error page `, { title: x.title }, { title: y.title }, ignore, out);
  else if (x.kind === 'opaque' && y.kind === 'opaque') compareFields(prefix, { mediaType: x.mediaType, sizeBytes: x.sizeBytes }, { mediaType: y.mediaType, sizeBytes: y.sizeBytes }, ignore, out);
  else if (x.kind === 'batch' && y.kind === 'batch') {
    if (x.parts.length !== y.parts.length) out.push({ change: 'changed', field: `${prefix}batch parts`, a: String(x.parts.length), b: String(y.parts.length) });
    for (let i = 0; i < Math.min(x.parts.length, y.parts.length); i++) {
      const pa = x.parts[i] as (typeof x.parts)[number];
      const pb = y.parts[i] as (typeof y.parts)[number];
      compareFields(`${prefix}part[${i}] `, { status: pa.status ?? null }, { status: pb.status ?? null }, ignore, out);
      compareDecoded(`${prefix}part[${i}] `, pa.body, pb.body, ignore, out);
    }
  }
}

function errorFields(error: { readonly code: string; readonly subcode?: string; readonly message?: string }): Fields {
  return { code: error.code, subcode: error.subcode ?? null, message: error.message ?? null };
}

/** What differs between two responses' bodies, in the order the fields appear. */
export function bodyChanges(a: ResponseToCompare, b: ResponseToCompare, ignore: ReadonlySet<string>): FieldChange[] {
  const out: FieldChange[] = [];
  compareDecoded('', decode(a), decode(b), ignore, out);
  return out;
}
