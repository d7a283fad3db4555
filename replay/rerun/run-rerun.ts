/**
 * Plays a recorded client's side against a live server: the recorded requests in order, each
 * sent once the live channel has brought as many events as the recorded client had seen, to the
 * live server's own hrefs, with recorded bodies carrying live hrefs and the live token.
 */
import { decodeHttpMessage } from '../../protocol/decode-message.ts';
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import { headerValue, type HeaderPairs } from '../../protocol/exchange.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import { LiveEventChannel } from './live-event-channel.ts';
import { LiveHrefs } from './live-hrefs.ts';
import { isTokenForm, REDACTED, type RerunPlan, type RerunStep } from './rerun-plan.ts';

export type RerunPace = 'instant' | 'recorded';

export interface RerunOptions {
  /** Where requests go: the live server, or a recording proxy in front of it. */
  readonly baseUrl: string;
  readonly pace: RerunPace;
  /** For a token request whose recorded password was redacted. */
  readonly password?: string;
  /** The longest wait for an event or a live href before going on without it. */
  readonly waitMs: number;
}

export interface SkippedStep {
  readonly exchangeId: number;
  readonly request: string;
  readonly reason: string;
}

export interface RerunReport {
  readonly sent: number;
  /** Recorded requests with no live counterpart: the live server never showed their href, or never answered. */
  readonly skipped: readonly SkippedStep[];
  readonly recordedEvents: number;
  readonly liveEvents: number;
}

/** Headers a client's HTTP stack sets itself, or that held recorded secrets. */
const NOT_COPIED = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'authorization', 'cookie', 'proxy-connection', 'proxy-authorization']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function decodeOrNull(body: Uint8Array, contentType: string | undefined, status: number, url: string): DecodedBody | null {
  const decoded = decodeHttpMessage({ side: 'response', body, contentType, url, status });
  return decoded.ok ? decoded.body : null;
}

function hasLink(resource: UcwaResource, rel: string): boolean {
  return (resource.links[rel]?.length ?? 0) > 0 || Object.values(resource.embedded).some((list) => list.some((r) => hasLink(r, rel)));
}

export async function runRerun(plan: RerunPlan, options: RerunOptions): Promise<RerunReport> {
  const base = new URL(options.baseUrl);
  const hrefs = new LiveHrefs(plan.events);
  let authorization: string | null = null;
  let channel: LiveEventChannel | null = null;
  const skipped: SkippedStep[] = [];
  let sent = 0;
  const headersFrom = (recorded: HeaderPairs): Headers => {
    const headers = new Headers();
    for (const [name, value] of recorded) if (!NOT_COPIED.has(name.toLowerCase())) headers.append(name, value);
    if (authorization && headerValue(recorded, 'authorization') !== undefined) headers.set('Authorization', authorization);
    // A conditional request names the copy the recorded client read: the live copy of it now.
    for (const name of ['If-Match', 'If-None-Match']) {
      const value = headers.get(name);
      if (value !== null) headers.set(name, hrefs.etag(value));
    }
    return headers;
  };
  const bodyFor = (step: RerunStep): Uint8Array | undefined => {
    if (step.body.byteLength === 0) return undefined;
    const form = isTokenForm(step.body, headerValue(step.headers, 'content-type'));
    if (form) {
      if (options.password !== undefined && REDACTED.test(form.get('password') ?? '')) form.set('password', options.password);
      return new TextEncoder().encode(form.toString());
    }
    return new TextEncoder().encode(hrefs.substitute(Buffer.from(step.body).toString('utf8')));
  };
  const startedAt = Date.now();
  const firstRecorded = plan.steps[0]?.startedAtMs ?? 0;
  try {
    for (const step of plan.steps) {
      if (options.pace === 'recorded') await sleep(startedAt + (step.startedAtMs - firstRecorded) - Date.now());
      if (channel && step.eventsBefore > 0) await channel.waitFor(step.eventsBefore, options.waitMs);
      let target = hrefs.resolve(step.url, step.targetRel, step.linked);
      for (const deadline = Date.now() + options.waitMs; target === undefined && channel?.open && Date.now() < deadline; target = hrefs.resolve(step.url, step.targetRel, step.linked)) await sleep(50);
      const request = `${step.method} ${new URL(step.url).pathname}`;
      if (target === undefined) {
        skipped.push({ exchangeId: step.exchangeId, request, reason: `the live server never showed a ${step.targetRel ?? 'matching'} link` });
        continue;
      }
      const url = new URL(target, base);
      const body = bodyFor(step);
      let response: Response;
      let liveBytes: Uint8Array;
      try {
        response = await fetch(url, { method: step.method, headers: headersFrom(step.headers), redirect: 'manual', ...(body && step.method !== 'GET' && step.method !== 'HEAD' ? { body } : {}) });
        liveBytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        skipped.push({ exchangeId: step.exchangeId, request, reason: `no answer from ${url.origin}: ${cause}` });
        continue;
      }
      sent++;
      const live = decodeOrNull(liveBytes, response.headers.get('content-type') ?? undefined, response.status, url.href);
      const recorded = step.response ? decodeOrNull(step.response.body, headerValue(step.response.headers, 'content-type'), step.response.status, step.url) : null;
      hrefs.learnBodies(recorded, live);
      hrefs.learnEtag(step.response ? headerValue(step.response.headers, 'etag') : undefined, response.headers.get('etag'));
      if (live?.kind === 'token') authorization = `${live.token.tokenType ?? 'Bearer'} ${live.token.accessToken}`;
      const eventsHref = hrefs.liveLink('events');
      if (!channel && plan.pollHeaders && live?.kind === 'resource' && hasLink(live.resource, 'events') && eventsHref) {
        const pollHeaders = plan.pollHeaders;
        channel = new LiveEventChannel(new URL(eventsHref, url), () => headersFrom(pollHeaders), (events) => hrefs.learnEvents(events));
      }
    }
    // The recorded client heard the channel out: so does the rerun, as far as the live server goes.
    if (channel) await channel.waitFor(plan.events.length, options.waitMs);
  } finally {
    await channel?.stop();
  }
  return { sent, skipped, recordedEvents: plan.events.length, liveEvents: channel?.events.length ?? 0 };
}
