/**
 * Hold and resume of a connected call, for the simulator's client: hold renegotiates the call's
 * audioVideoSession with an offer whose media only send (RFC 3264 hold); resume follows
 * `resumeAudioVideo`. Both wait for the session state the server reports next.
 */
import { firstLink } from '../../protocol/resource.ts';
import { UcwaClientError, type UcwaClient } from './ucwa-client.ts';

/** `sdp` with every media direction set to `direction` (a hold offer sends only; a resume offer sends and receives). */
export function withDirection(sdp: string, direction: 'sendonly' | 'sendrecv'): string {
  const lines = sdp.split('\r\n').map((line) => (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line) ? `a=${direction}` : line));
  return lines.join('\r\n');
}

async function sessionLink(client: UcwaClient, conversationHref: string, rel: string): Promise<string> {
  const conv = client.seen.conversation(conversationHref);
  const sessionHref = conv.links.get('audioVideoSession');
  if (!sessionHref) throw new UcwaClientError(`conversation ${conversationHref} has no audioVideoSession link (audioVideo is ${conv.audioVideoStates.at(-1) ?? 'not started'})`);
  const href = firstLink(await client.read(sessionHref), rel)?.href;
  if (!href) throw new UcwaClientError(`the call session of ${conversationHref} offers no ${rel} link (it is ${conv.sessionStates.at(-1) ?? 'unknown'})`);
  return href;
}

async function postOffer(client: UcwaClient, href: string, sdp: string): Promise<void> {
  const withOperation = `${href}${href.includes('?') ? '&' : '?'}operationId=${encodeURIComponent(client.nextOperationId())}`;
  await client.call('POST', withOperation, { text: { body: sdp, type: 'application/sdp' } });
}

/** Puts the call in `conversationHref` on hold (a sendonly re-offer of `sdp`) and waits until its session is Suspended. */
export async function holdCall(client: UcwaClient, conversationHref: string, sdp: string, timeoutMs = 30_000): Promise<void> {
  const since = client.seen.conversation(conversationHref).sessionStates.length;
  await postOffer(client, await sessionLink(client, conversationHref, 'renegotiations'), withDirection(sdp, 'sendonly'));
  await waitForSession(client, conversationHref, 'Suspended', timeoutMs, since);
}

/** Resumes a call this end held (resumeAudioVideo with a sendrecv offer) and waits until its session is Established. */
export async function resumeCall(client: UcwaClient, conversationHref: string, sdp: string, timeoutMs = 30_000): Promise<void> {
  const since = client.seen.conversation(conversationHref).sessionStates.length;
  await postOffer(client, await sessionLink(client, conversationHref, 'resumeAudioVideo'), withDirection(sdp, 'sendrecv'));
  await waitForSession(client, conversationHref, 'Established', timeoutMs, since);
}

/**
 * Waits until the session reports `state` among the states seen after the first `since`: the
 * other end may hang up as soon as it sees the call resumed, and that can reach this client in
 * the same batch, so the last state alone would miss it.
 */
export function waitForSession(client: UcwaClient, conversationHref: string, state: string, timeoutMs = 30_000, since = 0): Promise<true> {
  return client.waitFor(() => client.seen.conversation(conversationHref).sessionStates.indexOf(state, since) >= 0 || undefined, `the call in ${conversationHref} to be ${state}`, timeoutMs);
}
