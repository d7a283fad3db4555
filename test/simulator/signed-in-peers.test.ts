import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { lintingObserver } from '../support/lint-observer.ts';

let sim: RunningSimulator | null = null;
const clients: UcwaClient[] = [];
/** What the simulator got wrong in any body it sent either client: undecodable, or off the catalogue. */
const findings: string[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await sim?.close();
  sim = null;
  expect(findings.splice(0)).toEqual([]);
});

async function signedIn(user: string, format: 'json' | 'xml' = 'json'): Promise<UcwaClient> {
  if (!sim) throw new Error('start the simulator first');
  const client = new UcwaClient({
    baseUrl: sim.url,
    user,
    password: DEFAULT_PASSWORD,
    format,
    observe: lintingObserver(findings, user),
  });
  clients.push(client);
  await client.signIn();
  await client.makeMeAvailable();
  return client;
}

/** Alice and Bob signed in and available on a fresh simulator, and Alice inviting Bob. */
async function aliceInvitesBob(options: { subject: string; message?: string; bobFormat?: 'json' | 'xml' }) {
  // 5× faster than real time: an unanswered invitation still rings 6 s, typing lapses after 1.2 s.
  sim = await startSimulator({ timeScale: 0.2 });
  const alice = await signedIn('alice@contoso.com', 'json');
  const bob = await signedIn('bob@contoso.com', options.bobFormat ?? 'json');
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
    sim = await startSimulator({ timeScale: 0.05 });
    const alice = await signedIn('alice@contoso.com');
    const bob = new UcwaClient({ baseUrl: sim.url, user: 'bob@contoso.com', password: DEFAULT_PASSWORD });
    clients.push(bob);
    await bob.signIn(); // signed in, never available
    const aliceConv = await alice.startConversation('bob@contoso.com');
    await alice.waitFor(() => alice.seen.conversation(aliceConv).links.has('sendMessage'), 'the persona accepting');
    expect(bob.seen.invitations.size).toBe(0);
  });
});
