import { describe, expect, it } from 'vitest';
import type { UcwaClient } from '../../simulator/index.ts';
import { signIn } from '../support/sim-http.ts';
import { useSimulatorClients } from '../support/simulator-clients.ts';

const sims = useSimulatorClients();

async function client(user: string, format: 'json' | 'xml'): Promise<UcwaClient> {
  return sims.signedIn(user, format, { available: false });
}

const presenceOf = (c: UcwaClient, who: string) => c.seen.events.filter((e) => e.rel === 'contactPresence' && e.href.includes(who));

describe('presence subscriptions', () => {
  for (const format of ['json', 'xml'] as const) {
    it(`tell a ${format} subscriber when a subscribed peer signs in and goes Away, and stop when deleted`, async () => {
      await sims.start({ timeScale: 0.2 });
      const alice = await client('alice@contoso.com', format);
      const subscription = await alice.presence.subscribe(['bob@contoso.com'], 10);
      await alice.waitFor(() => alice.seen.events.find((e) => e.rel === 'presenceSubscription' && e.type === 'added' && e.sender === 'people'), 'the subscription added');

      const bob = await client('bob@contoso.com', 'json');
      await bob.makeMeAvailable();
      await alice.waitFor(() => presenceOf(alice, 'bob').length >= 1, 'Bob coming online, at Alice');
      await bob.presence.publish('Away');
      await alice.waitFor(() => presenceOf(alice, 'bob').length >= 2, 'Bob going Away, at Alice');
      const event = presenceOf(alice, 'bob')[1];
      expect(event).toMatchObject({ type: 'updated', sender: 'people', in: 'contact', href: expect.stringContaining('/people/bob@contoso.com/presence') });

      // Carol is not subscribed: her sign-in says nothing to Alice.
      const carol = await client('carol@contoso.com', 'json');
      await carol.makeMeAvailable();
      await alice.presence.endSubscription(subscription);
      await alice.waitFor(() => alice.seen.events.find((e) => e.rel === 'presenceSubscription' && e.type === 'deleted'), 'the subscription deleted');
      await bob.presence.publish('Online');
      await carol.presence.publish('Busy');
      // Something Alice does hear after both, so the absence of their events is not a race.
      await alice.makeMeAvailable();
      await alice.waitFor(() => alice.seen.events.find((e) => e.rel === 'me' && e.type === 'updated'), 'Alice\'s own me update');
      expect(presenceOf(alice, 'bob')).toHaveLength(2);
      expect(presenceOf(alice, 'carol')).toHaveLength(0);
    });
  }

  it('adds and removes memberships, and names what is wrong with bad input', async () => {
    const sim = await sims.start({ timeScale: 0.2 });
    const alice = await signIn(sim);
    const people = `${alice.appHref}/people`;
    const hub = JSON.parse((await alice.request('GET', people)).text) as { _links: Record<string, { href: string }> };
    expect(hub._links['presenceSubscriptions']?.href).toBe(`${people}/presenceSubscriptions`);
    const created = await alice.request('POST', `${people}/presenceSubscriptions`, { body: JSON.stringify({ duration: 15, uris: ['sip:bob@contoso.com'] }), contentType: 'application/json' });
    expect(created.status).toBe(201);
    const subscription = JSON.parse(created.text) as { id: string; _links: Record<string, { href: string }> };
    const memberships = subscription._links['memberships']?.href ?? '';
    const added = await alice.request('POST', memberships, { body: '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><propertyList name="contactUris"><item>sip:carol@contoso.com</item></propertyList></input>', contentType: 'application/xml' });
    expect(added.status).toBe(200);
    expect(JSON.parse(added.text)).toMatchObject({ rel: 'presenceSubscriptionMemberships' });
    const listed = JSON.parse((await alice.request('GET', memberships)).text) as { _embedded: { presenceSubscriptionMembership: { _links: Record<string, { href: string }> }[] } };
    expect(listed._embedded.presenceSubscriptionMembership.map((m) => m._links['contact']?.href)).toEqual([`${people}/bob@contoso.com`, `${people}/carol@contoso.com`]);
    const bobMembership = listed._embedded.presenceSubscriptionMembership[0]?._links['self']?.href ?? '';
    expect((await alice.request('DELETE', bobMembership)).status).toBe(204);
    expect((await alice.request('GET', bobMembership)).status).toBe(404);

    const tooLong = await alice.request('POST', `${people}/presenceSubscriptions`, { body: JSON.stringify({ duration: 60, uris: ['sip:bob@contoso.com'] }), contentType: 'application/json' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('duration must be a whole number of minutes from 10 to 30');
    const stranger = await alice.request('POST', `${people}/presenceSubscriptions`, { body: JSON.stringify({ duration: 10, uris: ['sip:nobody@contoso.com'] }), contentType: 'application/json' });
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain('sip:nobody@contoso.com');
    expect((await alice.request('DELETE', `${people}/presenceSubscriptions/${subscription.id}`)).status).toBe(204);
    expect((await alice.request('GET', `${people}/presenceSubscriptions/${subscription.id}`)).status).toBe(404);
  });
});
