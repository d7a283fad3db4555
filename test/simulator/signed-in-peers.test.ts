import { describe, expect, it } from 'vitest';
import type { UcwaClient } from '../../simulator/index.ts';
import { useSimulatorClients } from '../support/simulator-clients.ts';

const sims = useSimulatorClients();

/** Alice and Bob signed in and available on a fresh simulator, and Alice inviting Bob. */
async function aliceInvitesBob(options: { subject: string; message?: string; bobFormat?: 'json' | 'xml' }) {
  // 5× faster than real time: an unanswered invitation still rings 6 s, typing lapses after 1.2 s.
  await sims.start({ timeScale: 0.2 });
  const alice = await sims.signedIn('alice@contoso.com', 'json');
  const bob = await sims.signedIn('bob@contoso.com', options.bobFormat ?? 'json');
  const aliceConv = await alice.startConversation('bob@contoso.com', { subject: options.subject, ...(options.message ? { message: options.message } : {}) });
  return { alice, bob, aliceConv };
}

/** Bob's invitation from Alice, once it rings. */
function incomingInvitation(bob: UcwaClient) {
  return bob.waitFor(() => [...bob.seen.invitations.values()].find((i) => i.direction === 'Incoming' && i.from?.includes('alice')), 'an invitation from Alice');
}

describe('two signed-in users on one simulator', () => {
  it('reach each other: the invitation rings at the other client, and messages and typing go both ways', async () => {
    const { alice, bob, aliceConv } = await aliceInvitesBob({ subject: 'lunch', message: 'Lunch at noon?', bobFormat: 'xml' });
    const invitation = await incomingInvitation(bob);
    expect(invitation.firstMessage).toBe('Lunch at noon?');
    expect(bob.seen.conversation(invitation.conversationHref ?? '').subject).toBe('lunch');
    // Until Bob answers, Alice's side is still connecting.
    expect(alice.seen.conversation(aliceConv).links.has('sendMessage')).toBe(false);

    const bobConv = await bob.accept(invitation.href);
    await alice.waitFor(() => alice.seen.conversation(aliceConv).links.has('sendMessage'), 'messaging connected for Alice');
    await bob.waitFor(() => bob.seen.conversation(bobConv).messages.some((m) => m.direction === 'Incoming' && m.text === 'Lunch at noon?'), 'the first message at Bob');

    await bob.setTyping(bobConv);
    await alice.waitFor(() => alice.seen.conversation(aliceConv).typingStarted.length > 0, 'Bob typing, at Alice');
    await bob.sendMessage(bobConv, 'Sure, <b>noon</b> works', { html: true });
    const reply = await alice.waitFor(() => alice.seen.conversation(aliceConv).messages.find((m) => m.direction === 'Incoming'), 'Bob\'s reply at Alice');
    expect(reply).toMatchObject({ text: 'Sure, <b>noon</b> works', html: true, from: 'sip:bob@contoso.com' });
    // A message ends its sender's typing.
    await alice.waitFor(() => alice.seen.conversation(aliceConv).typingNow.size === 0, 'Bob no longer typing');

    await alice.sendMessage(aliceConv, 'See you');
    await bob.waitFor(() => bob.seen.conversation(bobConv).messages.some((m) => m.direction === 'Incoming' && m.text === 'See you'), 'Alice\'s message at Bob');
    // The first message was delivered once, not again when Bob accepted.
    expect(bob.seen.conversation(bobConv).messages.filter((m) => m.text === 'Lunch at noon?')).toHaveLength(1);

    await alice.leave(aliceConv);
    await bob.waitFor(() => bob.seen.conversation(bobConv).left.some((who) => who.includes('alice')), 'Alice leaving, at Bob');
    expect(bob.seen.conversation(bobConv).messagingStates.at(-1)).toBe('Disconnected');
  });

  it('tells the caller when the other user declines', async () => {
    const { alice, bob, aliceConv } = await aliceInvitesBob({ subject: 'quick question' });
    const invitation = await incomingInvitation(bob);
    expect(invitation.firstMessage).toBeNull();
    await bob.decline(invitation.href);
    const outgoing = await alice.waitFor(() => [...alice.seen.invitations.values()].find((i) => i.direction === 'Outgoing' && i.outcome !== null), 'the outcome of Alice\'s invitation');
    expect(outgoing.outcome).toBe('Failure');
    await alice.waitFor(() => alice.seen.conversation(aliceConv).ended, 'Alice\'s conversation ending');
  });

  it('shows the other user leaving when their application signs out', async () => {
    const { alice, bob, aliceConv } = await aliceInvitesBob({ subject: 'bye' });
    await bob.accept((await incomingInvitation(bob)).href);
    await alice.waitFor(() => alice.seen.conversation(aliceConv).links.has('sendMessage'), 'messaging connected for Alice');
    await bob.close(); // deletes Bob's application
    await alice.waitFor(() => alice.seen.conversation(aliceConv).left.some((who) => who.includes('bob')), 'Bob leaving, at Alice');
    expect(alice.seen.conversation(aliceConv).messagingStates.at(-1)).toBe('Disconnected');
  });

  it('rings only an application that made itself available; otherwise the built-in persona answers', async () => {
    await sims.start({ timeScale: 0.05 });
    const alice = await sims.signedIn('alice@contoso.com');
    const bob = await sims.signedIn('bob@contoso.com', 'json', { available: false });
    const aliceConv = await alice.startConversation('bob@contoso.com');
    await alice.waitFor(() => alice.seen.conversation(aliceConv).links.has('sendMessage'), 'the persona accepting');
    expect(bob.seen.invitations.size).toBe(0);
  });
});
