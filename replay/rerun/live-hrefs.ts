/**
 * Where the recorded client's hrefs are on the live server. Learned by laying each recorded
 * answer over the live answer to the same request (self hrefs, links by rel and position,
 * embedded resources in turn) and each recorded event over the live event with the same sender,
 * type and rels in the same order; else the live server's latest href for the rel the recording
 * says the request followed.
 */
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { UcwaEvent } from '../../protocol/event.ts';
import { isPutSentinel } from '../../protocol/catalog/put-sentinel.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { hrefKey } from '../../protocol/derive/href-index.ts';

function signature(event: UcwaEvent): string {
  return [event.sender.rel, event.type, event.link.rel, event.in?.rel ?? ''].join(' ');
}

/**
 * Properties whose value a client sends back to name something the server made, though not an
 * href: a meeting's URI (joinOnlineMeeting's input). Recorded values become the live ones in bodies.
 */
const IDENTIFYING_PROPERTIES = ['onlineMeetingUri'];

/** Recorded and live hrefs shorter than this are fixed entry points (`/`), not places to substitute in bodies. */
const MIN_SUBSTITUTED_LENGTH = 8;

export class LiveHrefs {
  private readonly byRecorded = new Map<string, string>();
  /** Recorded PUT sentinel names (GUIDs) → the live resource's, for PUT bodies that send it back. */
  private readonly sentinels = new Map<string, string>();
  /** Recorded identifying values (IDENTIFYING_PROPERTIES) → the live ones. */
  private readonly identifiers = new Map<string, string>();
  /** Recorded ETags → the live ETag of the same request's answer, for If-Match and If-None-Match. */
  private readonly etags = new Map<string, string>();
  private readonly byRel = new Map<string, string>();
  private readonly recordedBySignature = new Map<string, UcwaEvent[]>();
  private readonly liveSeen = new Map<string, number>();

  constructor(recordedEvents: readonly UcwaEvent[]) {
    for (const event of recordedEvents) {
      const sig = signature(event);
      const list = this.recordedBySignature.get(sig);
      if (list) list.push(event);
      else this.recordedBySignature.set(sig, [event]);
    }
  }

  /** Lays a recorded answer over the live answer to the same request. */
  learnBodies(recorded: DecodedBody | null, live: DecodedBody | null): void {
    if (live?.kind === 'resource') this.learnLive(live.resource);
    if (recorded?.kind === 'resource' && live?.kind === 'resource') this.pair(recorded.resource, live.resource);
  }

  /** Live events as they arrive: each paired with the recorded event of the same signature and ordinal. */
  learnEvents(events: readonly UcwaEvent[]): void {
    for (const live of events) {
      const sig = signature(live);
      const ordinal = this.liveSeen.get(sig) ?? 0;
      this.liveSeen.set(sig, ordinal + 1);
      this.byRel.set(live.link.rel, live.link.href);
      for (const resources of Object.values(live.embedded)) for (const resource of resources) this.learnLive(resource);
      const recorded = this.recordedBySignature.get(sig)?.[ordinal];
      if (!recorded) continue;
      this.map(recorded.sender.href, live.sender.href);
      this.map(recorded.link.href, live.link.href);
      if (recorded.in && live.in) this.map(recorded.in.href, live.in.href);
      this.pairEmbedded(recorded.embedded, live.embedded);
    }
  }

  /**
   * The live href (path or absolute) for a recorded request URL; undefined while the live server
   * has not shown it yet. `linked` says the recorded client had been shown it (else it is an entry
   * point, asked at the same path on the live server).
   */
  resolve(recordedUrl: string, targetRel: string | null, linked: boolean): string | undefined {
    const key = hrefKey(recordedUrl);
    if (key === null) return undefined;
    const exact = this.byRecorded.get(key);
    if (exact) return exact;
    const query = key.indexOf('?');
    const path = query < 0 ? key : key.slice(0, query);
    const search = query < 0 ? '' : key.slice(query + 1);
    const mapped = this.byRecorded.get(path) ?? (targetRel ? this.byRel.get(targetRel) : undefined);
    if (mapped) return withQuery(mapped, search);
    return linked ? undefined : key;
  }

  /** Recorded hrefs in a request body replaced by their live ones, longest first; PUT sentinels too. */
  substitute(text: string): string {
    const pairs = [...this.byRecorded].filter(([recorded]) => recorded.length >= MIN_SUBSTITUTED_LENGTH).sort(([a], [b]) => b.length - a.length);
    let out = text;
    for (const [recorded, live] of this.sentinels) out = out.split(recorded).join(live);
    for (const [recorded, live] of this.identifiers) out = out.split(recorded).join(live);
    for (const [recorded, live] of pairs) {
      const livePath = hrefKey(live);
      if (livePath !== null && livePath !== recorded) out = out.split(recorded).join(livePath);
    }
    return out;
  }

  /** Pairs the ETags of a recorded answer and the live answer to the same request. */
  learnEtag(recorded: string | undefined, live: string | null): void {
    if (recorded && live) this.etags.set(recorded, live);
  }

  /** The live ETag for one the recorded client sent back (If-Match), else the recorded one unchanged. */
  etag(recorded: string): string {
    return this.etags.get(recorded) ?? recorded;
  }

  /** The live link for a rel the live server has shown, e.g. `events`. */
  liveLink(rel: string): string | undefined {
    return this.byRel.get(rel);
  }

  private learnLive(resource: UcwaResource): void {
    if (resource.rel && resource.href) this.byRel.set(resource.rel, resource.href);
    for (const [rel, links] of Object.entries(resource.links)) {
      const first = links[0];
      if (rel !== 'self' && first && !/^data:/i.test(first.href)) this.byRel.set(rel, first.href);
    }
    for (const resources of Object.values(resource.embedded)) for (const embedded of resources) this.learnLive(embedded);
  }

  private pair(recorded: UcwaResource, live: UcwaResource): void {
    if (recorded.href && live.href) this.map(recorded.href, live.href);
    const sentinelOf = (resource: UcwaResource) => Object.entries(resource.properties).find(([name, value]) => isPutSentinel(name, value))?.[0];
    const [recordedSentinel, liveSentinel] = [sentinelOf(recorded), sentinelOf(live)];
    if (recordedSentinel && liveSentinel) this.sentinels.set(recordedSentinel, liveSentinel);
    for (const name of IDENTIFYING_PROPERTIES) {
      const [was, is] = [recorded.properties[name], live.properties[name]];
      if (typeof was === 'string' && typeof is === 'string' && was.length >= MIN_SUBSTITUTED_LENGTH) this.identifiers.set(was, is);
    }
    for (const [rel, links] of Object.entries(recorded.links)) {
      const liveLinks = live.links[rel] ?? [];
      links.forEach((link, i) => {
        const other = liveLinks[i];
        if (other) this.map(link.href, other.href);
      });
    }
    this.pairEmbedded(recorded.embedded, live.embedded);
  }

  private pairEmbedded(recorded: Readonly<Record<string, readonly UcwaResource[]>>, live: Readonly<Record<string, readonly UcwaResource[]>>): void {
    for (const [name, resources] of Object.entries(recorded)) {
      const liveResources = live[name] ?? [];
      resources.forEach((resource, i) => {
        const other = liveResources[i];
        if (other) this.pair(resource, other);
      });
    }
  }

  private map(recordedHref: string, liveHref: string): void {
    const key = hrefKey(recordedHref);
    if (key === null || /^data:/i.test(liveHref)) return;
    this.byRecorded.set(key, liveHref);
  }
}

/** A live href with the recorded query parameters it lacks (a client-chosen `operationId`). */
function withQuery(live: string, recordedSearch: string): string {
  if (recordedSearch === '') return live;
  const url = new URL(live, 'http://live.invalid');
  for (const [name, value] of new URLSearchParams(recordedSearch)) if (!url.searchParams.has(name)) url.searchParams.append(name, value);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(live) ? url.href : `${url.pathname}${url.search}`;
}
