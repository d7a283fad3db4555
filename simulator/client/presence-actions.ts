/**
 * Presence from the client's side: publishing the user's availability, subscribing to contacts'
 * presence (presenceSubscriptions) and ending it, and finding contacts' contactPresence links by rel.
 */
import { resourceOf, sipOf, UcwaClientError, type ClientCore } from './client-core.ts';

export class PresenceActions {
  constructor(private readonly core: ClientCore) {}

  /** Publishes the user's availability (`me/presence`), as a client's status menu does. */
  async publish(availability: string): Promise<void> {
    // `me` gains its presence link with makeMeAvailable: read it afresh.
    this.core.remember(resourceOf((await this.core.call('GET', this.core.link('me'))).body, 'me'));
    await this.core.call('POST', this.core.link('presence'), { input: { availability } });
  }

  /** Subscribes to contacts' presence for `durationMinutes`; returns the subscription's href. */
  async subscribe(addresses: readonly string[], durationMinutes = 10): Promise<string> {
    const uris = addresses.map(sipOf);
    const created = await this.core.call('POST', this.core.link('presenceSubscriptions'), { input: { duration: durationMinutes, uris } });
    return resourceOf(created.body, 'the new presence subscription').href ?? '';
  }

  async endSubscription(subscriptionHref: string): Promise<void> {
    await this.core.call('DELETE', subscriptionHref);
  }

  /** The contactPresence links of these contacts, from myContacts (links by rel, never built from addresses). */
  async contactPresenceHrefs(addresses: readonly string[]): Promise<string[]> {
    const myContacts = this.core.link('myContacts');
    const contacts = resourceOf((await this.core.call('GET', myContacts)).body, myContacts).embedded['contact'] ?? [];
    return addresses.map((address) => {
      const sip = sipOf(address);
      const href = contacts.find((c) => c.properties['uri'] === sip)?.links['contactPresence']?.[0]?.href;
      if (!href) throw new UcwaClientError(`${sip} is not among myContacts, or has no contactPresence link`);
      return href;
    });
  }
}
