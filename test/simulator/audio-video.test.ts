import { afterEach, describe, expect, it } from 'vitest';
import { decodeDataUri } from '../../protocol/data-uri.ts';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { lintingObserver } from '../support/lint-observer.ts';
import { hrefOf, PlainClient, type JsonResource } from '../support/plain-client.ts';
import { lintEventBatch, lintResource } from '../../protocol/catalog/lint.ts';
import { decodeBody } from '../../protocol/decode-body.ts';

let sim: RunningSimulator | null = null;
let client: UcwaClient | null = null;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = null;
  sim = null;
});

const OFFER = ['v=0', 'o=- 20 1 IN IP4 127.0.0.1', 's=session', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
const sdpLink = (sdp: string) => `data:application/sdp;base64,${Buffer.from(sdp).toString('base64')}`;

interface SeenEvent {
  readonly sender: string;
  readonly rel: string;
  readonly type: string;
  readonly resource: JsonResource | undefined;
}

/** Polls the event channel as a plain client does, linting each batch, until `done` holds for what came so far. */
class EventReader {
  readonly events: SeenEvent[] = [];
  readonly findings: string[] = [];
  constructor(
    private readonly client: PlainClient,
    private next: string,
  ) {}

  async until(done: (events: readonly SeenEvent[]) => boolean, what: string): Promise<void> {
    for (let polls = 0; !done(this.events); polls++) {
      if (polls > 40) throw new Error(`no ${what} after 40 polls: ${this.events.map((e) => `${e.rel} ${e.type}`).join(', ')}`);
      const response = await this.client.send('GET', this.next);
      expect(response.status).toBe(200);
      const decoded = decodeBody(new TextEncoder().encode(response.text), { direction: 'response', status: 200, url: response.url, contentType: response.headers.get('content-type') ?? '' });
      if (!decoded.ok || decoded.body.kind !== 'events') throw new Error(`the event channel answered something else: ${response.text}`);
      this.findings.push(...lintEventBatch(decoded.body.batch).map((f) => `${f.kind} ${f.name} at ${f.where}`));
      const batch = JSON.parse(response.text) as { _links: { next: { href: string } }; sender?: { rel: string; events: { link: { rel: string }; type: string; _embedded?: Record<string, JsonResource> }[] }[] };
      for (const sender of batch.sender ?? []) for (const e of sender.events) this.events.push({ sender: sender.rel, rel: e.link.rel, type: e.type, resource: e._embedded?.[e.link.rel] });
      this.next = batch._links.next.href;
    }
  }

  states(rel: string): unknown[] {
    return this.events.filter((e) => e.rel === rel && e.resource).map((e) => e.resource?.['state']);
  }
}

async function readLinted(plain: PlainClient, href: string, findings: string[]): Promise<JsonResource> {
  const response = await plain.send('GET', href);
  expect(response.status).toBe(200);
  const decoded = decodeBody(new TextEncoder().encode(response.text), { direction: 'response', status: 200, url: response.url, contentType: response.headers.get('content-type') ?? '' });
  if (decoded.ok && decoded.body.kind === 'resource') findings.push(...lintResource(decoded.body.resource).map((f) => `${href}: ${f.kind} ${f.name} at ${f.where}`));
  return JSON.parse(response.text) as JsonResource;
}

async function signedInPlain(running: RunningSimulator) {
  const plain = new PlainClient(running.url);
  const { application } = await plain.signIn('alice@contoso.com');
  const me = application._embedded?.['me'] as JsonResource;
  expect((await plain.send('POST', hrefOf(me, 'makeMeAvailable'), { body: JSON.stringify({ SupportedModalities: ['Messaging', 'Audio', 'Video'] }), contentType: 'application/json' })).status).toBe(204);
  return { plain, communication: application._embedded?.['communication'] as JsonResource, events: new EventReader(plain, hrefOf(application, 'events')) };
}

describe('an outgoing call (startAudioVideo)', () => {
  it('rings, connects with echo\'s SDP answer, and ends with stopAudioVideo, every body as the catalogue documents', async () => {
    sim = await startSimulator({ timeScale: 0.02 });
    const { plain, communication, events } = await signedInPlain(sim);
    const started = await plain.send('POST', hrefOf(communication, 'startAudioVideo'), {
      body: JSON.stringify({ operationId: 'call-1', to: 'sip:echo@contoso.com', subject: 'Sound check', sessionContext: 'ctx-1', _links: { mediaOffer: { href: sdpLink(OFFER) } } }),
      contentType: 'application/json',
    });
    expect(started.status).toBe(201);
    const invitationHref = started.headers.get('location') ?? '';

    await events.until((seen) => seen.some((e) => e.rel === 'audioVideo' && e.resource?.['state'] === 'Connected'), 'connected call');
    const invitation = await readLinted(plain, invitationHref, events.findings);
    expect(invitation).toMatchObject({ direction: 'Outgoing', state: 'Connected', to: 'sip:echo@contoso.com', operationId: 'call-1', sessionContext: 'ctx-1' });
    // The offer is carried as sent; the answer comes in audioVideoNegotiation, from the invitation.
    expect(decodeDataUri(hrefOf(invitation, 'mediaOffer'))).toMatchObject({ ok: true, mediaType: 'application/sdp', text: OFFER });
    const negotiation = events.events.find((e) => e.rel === 'audioVideoNegotiation');
    expect(negotiation).toMatchObject({ sender: 'audioVideoInvitation', type: 'updated' });
    const answer = decodeDataUri(hrefOf(negotiation?.resource as JsonResource, 'mediaAnswer'));
    expect(answer).toMatchObject({ ok: true, mediaType: 'application/sdp' });
    expect(answer.ok && answer.text.startsWith('v=0\r\n')).toBe(true);
    expect(events.events.filter((e) => e.rel === 'audioVideoInvitation').map((e) => `${e.sender} ${e.type} ${String(e.resource?.['state'])}`)).toEqual(['communication started Connecting', 'communication updated Connected']);
    expect(events.events.filter((e) => e.rel === 'audioVideo').every((e) => e.sender === 'conversation' && e.type === 'updated')).toBe(true);
    expect(events.states('audioVideo')).toEqual(['Connecting', 'Connected']);

    const conversation = await readLinted(plain, hrefOf(invitation, 'conversation'), events.findings);
    expect(conversation['activeModalities']).toEqual(['Audio', 'Video']);
    const audioVideo = await readLinted(plain, hrefOf(conversation, 'audioVideo'), events.findings);
    expect(audioVideo['state']).toBe('Connected');

    expect((await plain.send('POST', hrefOf(audioVideo, 'stopAudioVideo'))).status).toBe(204);
    await events.until((seen) => seen.some((e) => e.rel === 'audioVideo' && e.resource?.['state'] === 'Disconnected'), 'disconnected call');
    expect(events.states('audioVideo')).toEqual(['Connecting', 'Connected', 'Disconnected']);
    const after = await readLinted(plain, hrefOf(conversation, 'audioVideo'), events.findings);
    expect(after._links['stopAudioVideo']).toBeUndefined();
    // Stopping a call that is over is a 404 naming why.
    const again = await plain.send('POST', hrefOf(audioVideo, 'stopAudioVideo'));
    expect(again.status).toBe(404);
    expect(again.text).toContain('Disconnected');
    expect(events.findings).toEqual([]);
  });

  it('refuses a call without an SDP offer, or with an offer that is not SDP, saying what to send', async () => {
    sim = await startSimulator({ timeScale: 0.02 });
    const { plain, communication } = await signedInPlain(sim);
    const noOffer = await plain.send('POST', hrefOf(communication, 'startAudioVideo'), { body: JSON.stringify({ to: 'sip:echo@contoso.com' }), contentType: 'application/json' });
    expect(noOffer.status).toBe(400);
    expect(noOffer.text).toContain('mediaOffer');
    const textOffer = await plain.send('POST', hrefOf(communication, 'startAudioVideo'), { body: JSON.stringify({ to: 'sip:echo@contoso.com', _links: { mediaOffer: { href: 'data:text/plain,hello' } } }), contentType: 'application/json' });
    expect(textOffer.status).toBe(400);
    expect(textOffer.text).toContain('application/sdp');
  });

  it('fails a call to an address nobody answers at, and the conversation goes', async () => {
    sim = await startSimulator({ timeScale: 0.02 });
    const { plain, communication, events } = await signedInPlain(sim);
    const started = await plain.send('POST', hrefOf(communication, 'startAudioVideo'), { body: JSON.stringify({ to: 'sip:nobody@contoso.com', _links: { mediaOffer: { href: sdpLink(OFFER) } } }), contentType: 'application/json' });
    expect(started.status).toBe(201);
    await events.until((seen) => seen.some((e) => e.rel === 'conversation' && e.type === 'deleted'), 'the conversation to go');
    expect(events.states('audioVideoInvitation').at(-1)).toBe('Failed');
    expect(events.findings).toEqual([]);
  });
});

describe.each(['json', 'xml'] as const)('an incoming call (%s)', (format) => {
  async function ringing() {
    // In the calls scenario bob calls alice once she is available.
    sim = await startSimulator({ scenario: 'calls', timeScale: 0.02 });
    const findings: string[] = [];
    const alice = (client = new UcwaClient({ baseUrl: sim.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, format, observe: lintingObserver(findings, 'alice') }));
    await alice.signIn();
    await alice.makeMeAvailable();
    const call = await alice.waitFor(() => [...alice.seen.invitations.values()].find((i) => i.rel === 'audioVideoInvitation' && i.direction === 'Incoming'), 'bob\'s call');
    return { alice, call, findings };
  }

  it('rings with bob\'s SDP offer and acceptWithAnswer/decline; declined, it ends and its conversation goes', async () => {
    const { alice, call, findings } = await ringing();
    expect(call.from).toBe('sip:bob@contoso.com');
    expect(call.mediaOffer?.startsWith('v=0\r\n')).toBe(true);
    expect([...call.links.keys()]).toEqual(expect.arrayContaining(['acceptWithAnswer', 'decline', 'mediaOffer', 'audioVideo']));
    await alice.decline(call.href);
    await alice.waitFor(() => call.outcome, 'the call to end');
    expect(call.state).toBe('Declined');
    expect(call.outcome).toBe('Failure');
    const conv = alice.seen.conversation(call.conversationHref ?? '');
    await alice.waitFor(() => conv.ended, 'the conversation to go');
    expect(conv.audioVideoStates).toEqual(['Connecting']);
    expect(alice.seen.missedConversations).toBe(0);
    expect(findings).toEqual([]);
  });

  it('connects when answered with an SDP answer, and hangs up', async () => {
    const { alice, call, findings } = await ringing();
    const href = await alice.calls.answer(call.href, OFFER);
    const conv = alice.seen.conversation(href);
    await alice.waitFor(() => conv.audioVideoStates.at(-1) === 'Connected', 'the call to connect');
    expect(call.state).toBe('Connected');
    expect(call.outcome).toBe('Success');
    await alice.calls.hangUp(href);
    await alice.waitFor(() => conv.audioVideoStates.at(-1) === 'Disconnected', 'the call to end');
    expect(conv.audioVideoStates).toEqual(['Connecting', 'Connected', 'Disconnected']);
    expect(conv.ended).toBe(false);
    expect(findings).toEqual([]);
  });
});
