/**
 * What the client's action modules (calls, meetings) need of a signed-in UcwaClient: requests that
 * must succeed, links by rel, what the client saw, and waiting on its events. The client hands
 * each module this narrow view, so the modules never reach into its transport or sign-in.
 */
import type { DecodedBody } from '../../protocol/decoded-body.ts';
import type { UcwaResource } from '../../protocol/resource.ts';
import type { HttpResponse } from './http-transport.ts';
import type { InputValue } from './input-body.ts';
import type { SeenState } from './seen-state.ts';

export class UcwaClientError extends Error {}

export interface CallInit {
  readonly input?: Record<string, InputValue>;
  readonly text?: { readonly body: string; readonly type: string };
  /** Extra request headers (If-Match, say). */
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly response: HttpResponse;
  readonly body: DecodedBody;
  readonly url: URL;
}

export interface ClientCore {
  readonly seen: SeenState;
  /** A request that must succeed; a UCWA error body becomes a UcwaClientError naming code and subcode. */
  call(method: string, href: string, init?: CallInit): Promise<CallResult>;
  /** The href of a link the server gave under `rel`; a UcwaClientError when it gave none. */
  link(rel: string): string;
  /** Remembers the links (and embedded resources' links) of a resource the client read. */
  remember(resource: UcwaResource): void;
  /** An href made absolute against where the client is talking. */
  absolute(href: string): URL;
  nextOperationId(): string;
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
}

export function resourceOf(body: DecodedBody, what: string): UcwaResource {
  if (body.kind !== 'resource') throw new UcwaClientError(`${what}: expected a resource, got ${body.kind}`);
  return body.resource;
}

export function sipOf(address: string): string {
  return address.startsWith('sip:') ? address : `sip:${address}`;
}
