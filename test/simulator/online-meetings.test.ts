import { describe, expect, it } from 'vitest';
import { lintResource } from '../../protocol/catalog/lint.ts';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { UcwaClient } from '../../simulator/index.ts';
import { hrefOf, PlainClient, type JsonResource, type PlainResponse } from '../support/plain-client.ts';
import { useSimulatorClients } from '../support/simulator-clients.ts';

// The UcwaClients' bodies are linted by the helper; the plain clients' by `linted`.
const sims = useSimulatorClients();

const JSON_BODY = 'application/json';

/** Parses a JSON response and lints it against the catalogue, collecting what is wrong. */
function linted(response: PlainResponse, findings: string[]): JsonResource {
  const decoded = decodeBody(new TextEncoder().encode(response.text), { direction: 'response', status: response.status, url: response.url, contentType: response.headers.get('content-type') ?? '' });
  if (decoded.ok && decoded.body.kind === 'resource') findings.push(...lintResource(decoded.body.resource).map((f) => `${response.url}: ${f.kind} ${f.name} at ${f.where}`));
  return JSON.parse(response.text) as JsonResource;
}

async function signedIn(user = 'alice@contoso.com') {
  const plain = new PlainClient(sims.sim.url);
  const { application } = await plain.signIn(user);
  return { plain, application, onlineMeetings: application._embedded?.['onlineMeetings'] as JsonResource, communication: application._embedded?.['communication'] as JsonResource };
}

describe('scheduling online meetings (myOnlineMeetings)', () => {
  it('embeds onlineMeetings in the application and serves what it links, each body as the catalogue documents', async () => {
    await sims.start({ timeScale: 0.02 });
    const { plain, onlineMeetings, communication } = await signedIn();
    const findings: string[] = [];
    expect(Object.keys(onlineMeetings._links)).toEqual(expect.arrayContaining(['self', 'myOnlineMeetings', 'myAssignedOnlineMeeting', 'onlineMeetingDefaultValues', 'onlineMeetingEligibleValues', 'onlineMeetingPolicies', 'phoneDialInInformation']));
    expect(Object.keys(communication._links)).toEqual(expect.arrayContaining(['joinOnlineMeeting', 'startOnlineMeeting']));
    for (const rel of ['self', 'onlineMeetingDefaultValues', 'onlineMeetingEligibleValues', 'onlineMeetingPolicies', 'phoneDialInInformation', 'myAssignedOnlineMeeting']) {
      const response = await plain.send('GET', hrefOf(onlineMeetings, rel));
      expect(response.status).toBe(200);
      expect(linted(response, findings).rel).toBe(rel === 'self' ? 'onlineMeetings' : rel);
    }
    expect(findings).toEqual([]);
  });

  it('creates a meeting (201 with it), lists it, reads it with its ETag, updates it with If-Match, and deletes it', async () => {
    await sims.start({ timeScale: 0.02 });
    const { plain, onlineMeetings } = await signedIn();
    const findings: string[] = [];
    const list = hrefOf(onlineMeetings, 'myOnlineMeetings');
    const created = await plain.send('POST', list, { body: JSON.stringify({ subject: 'Release planning', attendees: ['sip:bob@contoso.com'], accessLevel: 'Invited', expirationTime: '/Date(1900000000000)/' }), contentType: JSON_BODY });
    expect(created.status).toBe(201);
    const meeting = linted(created, findings);
    expect(meeting).toMatchObject({ rel: 'myOnlineMeeting', subject: 'Release planning', attendees: ['sip:bob@contoso.com'], accessLevel: 'Invited', organizerUri: 'sip:alice@contoso.com', onlineMeetingRel: 'myOnlineMeetings', expirationTime: '/Date(1900000000000)/' });
    expect(String(meeting['onlineMeetingUri'])).toBe(`sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:${String(meeting['onlineMeetingId'])}`);
    const href = hrefOf(meeting, 'self');
    expect(created.headers.get('location')).toBe(href);

    const listed = linted(await plain.send('GET', list), findings);
    expect((listed._embedded?.['myOnlineMeeting'] as JsonResource[]).map((m) => m['subject'])).toEqual(['Release planning']);
    expect(listed._embedded?.['myAssignedOnlineMeeting']).toBeDefined();

    const read = await plain.send('GET', href);
    const etag = read.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await plain.send('GET', href, { headers: { 'If-None-Match': etag } })).status).toBe(304);

    const update = JSON.stringify({ subject: 'Release planning (moved)', attendees: ['sip:bob@contoso.com', 'sip:carol@contoso.com'] });
    const updated = await plain.send('PUT', href, { body: update, contentType: JSON_BODY, headers: { 'If-Match': etag } });
    expect(updated.status).toBe(200);
    expect(linted(updated, findings)).toMatchObject({ subject: 'Release planning (moved)', attendees: ['sip:bob@contoso.com', 'sip:carol@contoso.com'], accessLevel: 'Invited' });
    // The copy read before the update is stale now: a PUT made from it is refused, saying what to do.
    const stale = await plain.send('PUT', href, { body: JSON.stringify({ subject: 'Lost update' }), contentType: JSON_BODY, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect(JSON.parse(stale.text)).toMatchObject({ code: 'PreconditionFailed' });
    expect(stale.text).toContain('GET it again');
    expect(linted(await plain.send('GET', href), findings)['subject']).toBe('Release planning (moved)');

    expect((await plain.send('DELETE', href)).status).toBe(204);
    const gone = await plain.send('GET', href);
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('myOnlineMeetings');
    expect(linted(await plain.send('GET', list), findings)._embedded?.['myOnlineMeeting']).toBeUndefined();
    expect(findings).toEqual([]);
  });

  it('refuses bad input with one sentence naming the property and what to send', async () => {
    await sims.start({ timeScale: 0.02 });
    const { plain, onlineMeetings } = await signedIn();
    const list = hrefOf(onlineMeetings, 'myOnlineMeetings');
    const post = (body: unknown) => plain.send('POST', list, { body: JSON.stringify(body), contentType: JSON_BODY });
    const notSip = await post({ subject: 'x', attendees: ['bob'] });
    expect(notSip.status).toBe(400);
    expect(JSON.parse(notSip.text)).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    expect(notSip.text).toContain('attendees holds \\"bob\\", which is not a SIP URI');
    const level = await post({ accessLevel: 'Friends' });
    expect(level.status).toBe(400);
    expect(level.text).toContain('accessLevel must be one of Everyone, Invited, Locked, None, SameEnterprise');
    const date = await post({ expirationTime: 'next week' });
    expect(date.status).toBe(400);
    expect(date.text).toContain('expirationTime');
    const unknown = await plain.send('GET', `${list}/NOSUCHID`);
    expect(unknown.status).toBe(404);
  });
});

describe('joining an online meeting', () => {
  it('starts an onlineMeetingInvitation, connects a conversation holding the onlineMeeting, and carries IM', async () => {
    await sims.start({ timeScale: 0.02 });
    const alice = await sims.signedIn('alice@contoso.com');
    const meeting = await alice.meetings.schedule({ subject: 'Standup', attendees: ['bob@contoso.com'] });
    const href = await alice.meetings.join(meeting.onlineMeetingUri);
    const invitation = [...alice.seen.invitations.values()].find((i) => i.rel === 'onlineMeetingInvitation');
    expect(invitation).toMatchObject({ direction: 'Outgoing', state: 'Connected', outcome: 'Success', conversationHref: href });
    const log = alice.seen.events.map((e) => `${e.sender}: ${e.rel} ${e.type}${e.in ? ` in ${e.in}` : ''}`);
    expect(log.filter((e) => e.startsWith('communication: onlineMeetingInvitation'))).toEqual(['communication: onlineMeetingInvitation started', 'communication: onlineMeetingInvitation updated']);
    expect(log).toContain('conversation: onlineMeeting added in conversation');
    const conv = alice.seen.conversation(href);
    const onlineMeeting = await alice.read(conv.links.get('onlineMeeting') ?? '');
    expect(onlineMeeting.properties).toMatchObject({ subject: 'Standup', onlineMeetingUri: meeting.onlineMeetingUri, organizerName: 'Alice Anders' });
    // IM in the meeting: addMessaging to the meeting's focus, then messages both ways work.
    await alice.waitFor(() => conv.links.has('addMessaging') || undefined, 'addMessaging');
    await alice.addMessaging(href);
    await alice.waitFor(() => conv.links.has('sendMessage') || undefined, 'messaging to connect');
    await alice.sendMessage(href, 'Anyone here?');
    await alice.waitFor(() => conv.messages.some((m) => m.status === 'Succeeded') || undefined, 'the message to be sent');
    await alice.leave(href);
    await alice.waitFor(() => conv.ended || undefined, 'the meeting conversation to end');
    expect(conv.states).toEqual(['Connecting', 'Connected']);
  });

  it('lets two signed-in users in one meeting see each other come and go and read each other\'s messages', async () => {
    await sims.start({ timeScale: 0.02 });
    const [alice, bob] = [await sims.signedIn('alice@contoso.com', 'json'), await sims.signedIn('bob@contoso.com', 'xml')];
    const meeting = await alice.meetings.schedule({ subject: 'Pairing', attendees: ['bob@contoso.com'], accessLevel: 'Invited' });
    const inMeeting = async (client: UcwaClient, message?: string) => {
      const href = await client.meetings.join(meeting.onlineMeetingUri);
      const conv = client.seen.conversation(href);
      await client.waitFor(() => conv.links.has('addMessaging') || undefined, 'addMessaging');
      await client.addMessaging(href, message === undefined ? {} : { message });
      await client.waitFor(() => conv.links.has('sendMessage') || undefined, 'IM in the meeting');
      return { href, conv };
    };
    const a = await inMeeting(alice);
    // Bob's addMessaging carries a first message, which goes out once IM connects.
    const b = await inMeeting(bob, 'Bob here');
    await alice.waitFor(() => a.conv.joined.includes('sip:bob@contoso.com') || undefined, 'bob to come in');
    await alice.waitFor(() => a.conv.messages.some((m) => m.from === 'sip:bob@contoso.com' && m.text === 'Bob here') || undefined, 'bob\'s first message at alice', 8000);
    await bob.waitFor(() => b.conv.messages.some((m) => m.direction === 'Outgoing' && m.status === 'Succeeded') || undefined, 'bob\'s first message sent', 8000);
    expect(b.conv.joined).toEqual(['sip:alice@contoso.com']);
    await alice.sendMessage(a.href, 'Hi Bob');
    await bob.waitFor(() => b.conv.messages.some((m) => m.from === 'sip:alice@contoso.com' && m.text === 'Hi Bob') || undefined, 'alice\'s message at bob');
    await bob.sendMessage(b.href, 'Hi Alice');
    await alice.waitFor(() => a.conv.messages.some((m) => m.from === 'sip:bob@contoso.com' && m.text === 'Hi Alice') || undefined, 'bob\'s message at alice');
    // Bob leaving is a participant leaving for alice; her meeting (and its IM) goes on.
    await bob.leave(b.href);
    await alice.waitFor(() => a.conv.left.includes('sip:bob@contoso.com') || undefined, 'bob to leave');
    expect(a.conv.ended).toBe(false);
    expect(a.conv.links.has('sendMessage')).toBe(true);
  });

  it('refuses an unknown meeting URI, a missing one, a second join, and an uninvited user of a Locked meeting', async () => {
    await sims.start({ timeScale: 0.02 });
    const { plain, onlineMeetings, communication } = await signedIn();
    const join = hrefOf(communication, 'joinOnlineMeeting');
    const missing = await plain.send('POST', join, { body: JSON.stringify({ operationId: 'j1' }), contentType: JSON_BODY });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('onlineMeetingUri');
    const unknown = await plain.send('POST', join, { body: JSON.stringify({ onlineMeetingUri: 'sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:NOPE' }), contentType: JSON_BODY });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ code: 'NotFound', subcode: 'DestinationNotFound' });
    const locked = JSON.parse((await plain.send('POST', hrefOf(onlineMeetings, 'myOnlineMeetings'), { body: JSON.stringify({ subject: 'Board only', accessLevel: 'Locked', attendees: ['sip:carol@contoso.com'] }), contentType: JSON_BODY })).text) as JsonResource;
    const uri = String(locked['onlineMeetingUri']);
    expect((await plain.send('POST', join, { body: JSON.stringify({ onlineMeetingUri: uri }), contentType: JSON_BODY })).status).toBe(201);
    const again = await plain.send('POST', join, { body: JSON.stringify({ onlineMeetingUri: uri }), contentType: JSON_BODY });
    expect(again.status).toBe(409);
    const bob = await signedIn('bob@contoso.com');
    const refused = await bob.plain.send('POST', hrefOf(bob.communication, 'joinOnlineMeeting'), { body: JSON.stringify({ onlineMeetingUri: uri }), contentType: JSON_BODY });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('sip:bob@contoso.com is not one');
    const carol = await signedIn('carol@contoso.com');
    expect((await carol.plain.send('POST', hrefOf(carol.communication, 'joinOnlineMeeting'), { body: JSON.stringify({ onlineMeetingUri: uri }), contentType: JSON_BODY })).status).toBe(201);
  });

  it('starts an ad-hoc meeting with startOnlineMeeting and joins it', async () => {
    await sims.start({ timeScale: 0.02 });
    const alice = await sims.signedIn('alice@contoso.com', 'xml', { available: false });
    const href = await alice.meetings.startAdHoc('Quick sync');
    const inv = [...alice.seen.invitations.values()].find((i) => i.rel === 'onlineMeetingInvitation' && i.conversationHref === href);
    expect(inv?.state).toBe('Connected');
    const conv = alice.seen.conversation(href);
    expect(conv.links.has('onlineMeeting')).toBe(true);
    expect(conv.subject).toBe('Quick sync');
  });
});
