import { describe, expect, it } from 'vitest';
import type { UcwaClient } from '../../simulator/index.ts';
import { holdCall, resumeCall } from '../../simulator/client/call-hold.ts';
import { readConversationLogs, readMissedItems } from '../../simulator/client/conversation-log-reader.ts';
import { useSimulatorClients } from '../support/simulator-clients.ts';

const sims = useSimulatorClients();

const sdp = (origin: string) => ['v=0', `o=${origin} 7 1 IN IP4 127.0.0.1`, 's=session', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');

/** Alice (JSON) calls Bob (XML), both signed in; resolves once Bob's call rings. */
async function aliceCallsBob(timeScale = 0.05) {
  await sims.start({ timeScale });
  const alice = await sims.signedIn('alice@contoso.com', 'json');
  const bob = await sims.signedIn('bob@contoso.com', 'xml');
  const aliceConv = await alice.calls.start('bob@contoso.com', sdp('alice'), { subject: 'Catch-up' });
  const ringing = await bob.waitFor(() => [...bob.seen.invitations.values()].find((i) => i.rel === 'audioVideoInvitation' && i.direction === 'Incoming'), 'the call at Bob');
  return { alice, bob, aliceConv, ringing };
}

const callState = (client: UcwaClient, href: string, state: string) => client.waitFor(() => client.seen.conversation(href).audioVideoStates.at(-1) === state, `the call in ${href} to be ${state}`);

describe('a call between two signed-in users', () => {
  it('rings at the other client with the offer as sent; answered, both connect with the answer passed through; hold, resume and hanging up reach both, and each logs the call', async () => {
    const { alice, bob, aliceConv, ringing } = await aliceCallsBob();
    expect(ringing.from).toBe('sip:alice@contoso.com');
    expect(ringing.mediaOffer).toBe(sdp('alice'));
    expect([...ringing.links.keys()]).toEqual(expect.arrayContaining(['acceptWithAnswer', 'decline']));

    const bobConv = await bob.calls.answer(ringing.href, sdp('bob'));
    await callState(alice, aliceConv, 'Connected');
    await callState(bob, bobConv, 'Connected');
    const outgoing = [...alice.seen.invitations.values()].find((i) => i.rel === 'audioVideoInvitation');
    expect(outgoing?.mediaAnswer).toBe(sdp('bob'));
    expect(outgoing?.state).toBe('Connected');

    await holdCall(alice, aliceConv, sdp('alice'));
    await bob.waitFor(() => bob.seen.conversation(bobConv).sessionStates.includes('Suspended'), 'the hold at Bob');
    // Only the end that held the call may resume it.
    const bobSession = await bob.read(bob.seen.conversation(bobConv).links.get('audioVideoSession') ?? '');
    expect(bobSession.properties['state']).toBe('Suspended');
    expect(bobSession.links['resumeAudioVideo']).toBeUndefined();
    await resumeCall(alice, aliceConv, sdp('alice'));
    await bob.waitFor(() => bob.seen.conversation(bobConv).sessionStates.at(-1) === 'Established', 'the resume at Bob');

    await bob.calls.hangUp(bobConv);
    await callState(alice, aliceConv, 'Disconnected');
    await callState(bob, bobConv, 'Disconnected');
    expect(alice.seen.conversation(aliceConv).sessionStates).toEqual(['Established', 'Suspended', 'Established', 'Deleted']);
    expect(bob.seen.conversation(bobConv).sessionStates).toEqual(['Established', 'Suspended', 'Established', 'Deleted']);

    await alice.leave(aliceConv);
    await bob.waitFor(() => bob.seen.conversation(bobConv).left.includes('sip:alice@contoso.com'), 'Alice leaving, at Bob');
    await bob.leave(bobConv);
    const [aliceLog] = await readConversationLogs(alice);
    const [bobLog] = await readConversationLogs(bob);
    expect(aliceLog).toMatchObject({ status: 'Archived', type: 'AudioLog', direction: 'Outgoing', subject: 'Catch-up', recipients: ['sip:bob@contoso.com'], modalities: ['Audio', 'Video'] });
    expect(bobLog).toMatchObject({ status: 'Archived', type: 'AudioLog', direction: 'Incoming', subject: 'Catch-up', recipients: ['sip:alice@contoso.com'] });
    expect(aliceLog?.transcripts.map((t) => [t.from, /^\d\d:\d\d:\d\d$/.test(t.audioDuration ?? '')])).toEqual([['local', true]]);
    expect((await readMissedItems(bob))['missedConversationsCount']).toBe(0);
  });

  it('declined: the caller\'s invitation ends Declined, the callee\'s too, both conversations go and neither is logged', async () => {
    const { alice, bob, aliceConv, ringing } = await aliceCallsBob();
    await bob.decline(ringing.href);
    const outgoing = [...alice.seen.invitations.values()].find((i) => i.rel === 'audioVideoInvitation');
    await alice.waitFor(() => outgoing?.outcome, 'the call to fail at Alice');
    expect(outgoing).toMatchObject({ state: 'Declined', outcome: 'Failure' });
    expect(ringing).toMatchObject({ state: 'Declined', outcome: 'Failure' });
    await alice.waitFor(() => alice.seen.conversation(aliceConv).ended, 'Alice\'s conversation to go');
    await bob.waitFor(() => bob.seen.conversation(ringing.conversationHref ?? '').ended, 'Bob\'s conversation to go');
    expect(await readConversationLogs(alice)).toEqual([]);
    expect(await readConversationLogs(bob)).toEqual([]);
  });

  it('unanswered: the callee has a missed item and a Missed log; the caller\'s call fails', async () => {
    // 30 s of ringing at 0.02: 600 ms.
    const { alice, bob, ringing } = await aliceCallsBob(0.02);
    const outgoing = [...alice.seen.invitations.values()].find((i) => i.rel === 'audioVideoInvitation');
    await alice.waitFor(() => outgoing?.outcome, 'the call to fail at Alice');
    expect(outgoing?.state).toBe('Failed');
    await bob.waitFor(() => bob.seen.missedConversations === 1, 'a missed item at Bob');
    expect(ringing.state).toBe('Failed');
    const [missed] = await readConversationLogs(bob);
    expect(missed).toMatchObject({ status: 'Missed', type: 'AudioLog', direction: 'Incoming', recipients: ['sip:alice@contoso.com'], unread: true });
    expect(await readMissedItems(bob)).toMatchObject({ conversationLogsCount: 1, missedConversationsCount: 1, unreadMissedConversationsCount: 1 });
  });

  it('answers a hold without operationId or SDP, or a resume of a call not held here, with one line naming what is wrong', async () => {
    await sims.start({ timeScale: 0.05 });
    const alice = await sims.signedIn('alice@contoso.com', 'json');
    const conv = await alice.calls.start('echo@contoso.com', sdp('alice'));
    await callState(alice, conv, 'Connected');
    const session = await alice.read(alice.seen.conversation(conv).links.get('audioVideoSession') ?? '');
    const renegotiations = session.links['renegotiations']?.[0]?.href ?? '';
    await expect(alice.call('POST', renegotiations, { text: { body: sdp('alice'), type: 'application/sdp' } })).rejects.toThrow(/operationId/);
    await expect(alice.call('POST', `${renegotiations}?operationId=op-x`, { text: { body: 'hold please', type: 'text/plain' } })).rejects.toThrow(/application\/sdp/);
    await expect(alice.call('POST', `${session.href ?? ''}/resumeAudioVideo?operationId=op-y`)).rejects.toThrow(/not on hold here/);
    await holdCall(alice, conv, sdp('alice'));
    const held = await alice.read(session.href ?? '');
    expect(held.properties['state']).toBe('Suspended');
    expect(held.links['resumeAudioVideo']).toBeDefined();
    await alice.calls.hangUp(conv);
    await callState(alice, conv, 'Disconnected');
    await expect(alice.read(session.href ?? '')).rejects.toThrow(/not connected/);
  });
});
