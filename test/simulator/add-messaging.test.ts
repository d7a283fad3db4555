import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { lintingObserver } from '../support/lint-observer.ts';

let sim: RunningSimulator | null = null;
let client: UcwaClient | null = null;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = null;
  sim = null;
});

describe('stopping messaging and adding it back (addMessaging)', () => {
  it.each(['json', 'xml'] as const)('offers addMessaging once messaging stops, and reconnects with the first message delivered (%s)', async (format) => {
    sim = await startSimulator({ timeScale: 0.05 });
    const findings: string[] = [];
    const alice = (client = new UcwaClient({ baseUrl: sim.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, format, observe: lintingObserver(findings, 'alice') }));
    await alice.signIn();
    await alice.makeMeAvailable();
    const conv = await alice.startConversation('echo@contoso.com', { subject: 'again' });
    const seen = alice.seen.conversation(conv);
    await alice.waitFor(() => seen.links.has('sendMessage'), 'messaging connected');
    expect(seen.links.has('addMessaging')).toBe(false);

    await alice.stopMessaging(conv);
    await alice.waitFor(() => seen.links.has('addMessaging'), 'the addMessaging link');
    expect(seen.messagingStates.at(-1)).toBe('Disconnected');
    expect(seen.links.has('sendMessage')).toBe(false);

    const invitation = await alice.addMessaging(conv, { message: 'Back again' });
    expect(invitation).toMatch(/\/messagingInvitations\/\d+$/);
    await alice.waitFor(() => seen.links.has('sendMessage'), 'messaging connected again');
    expect(seen.links.has('addMessaging')).toBe(false);
    expect(seen.messagingStates.slice(-3)).toEqual(['Disconnected', 'Connecting', 'Connected']);
    // The first message went out with the invitation, and echo says it back.
    await alice.waitFor(() => seen.messages.some((m) => m.direction === 'Incoming' && m.text === 'Back again'), 'echo answering the first message');
    // The server reports the message it sent for us (its text is not echoed in an outgoing message).
    expect(seen.messages.filter((m) => m.direction === 'Outgoing')).toEqual([expect.objectContaining({ status: 'Succeeded' })]);
    expect(seen.ended).toBe(false);
    // Every body on the way, the addMessaging invitation and its events included, is as the catalogue documents.
    expect(findings).toEqual([]);
  });
});
