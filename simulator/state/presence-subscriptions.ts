/**
 * One application's presence subscriptions (presenceSubscriptions_ref.md and the pages it links):
 * each a set of contacts watched for a while (10 to 30 minutes), as resources, and who is watched
 * now, so a change of a contact's presence or note becomes an event for this application.
 */
import type { SimClock } from '../clock.ts';
import type { SimUser } from '../users.ts';
import type { SimResource } from '../wire/sim-resource.ts';

/** The reference's bounds on `duration`, in minutes. */
export const MIN_DURATION_MINUTES = 10;
export const MAX_DURATION_MINUTES = 30;

interface Subscription {
  readonly id: string;
  readonly members: SimUser[];
  expiresAtMs: number;
}

export class PresenceSubscriptions {
  private readonly subscriptions = new Map<string, Subscription>();
  private nextId = 1;

  constructor(
    private readonly peopleHref: string,
    private readonly clock: SimClock,
    private readonly contactHref: (user: SimUser) => string,
  ) {}

  get href(): string {
    return `${this.peopleHref}/presenceSubscriptions`;
  }

  get membershipsHref(): string {
    return `${this.peopleHref}/presenceSubscriptionMemberships`;
  }

  subscriptionHref(id: string): string {
    return `${this.href}/${id}`;
  }

  create(members: readonly SimUser[], durationMinutes: number): string {
    const id = String(this.nextId++);
    this.subscriptions.set(id, { id, members: [], expiresAtMs: 0 });
    this.extend(id, durationMinutes);
    this.add(id, members);
    return id;
  }

  has(id: string): boolean {
    return this.live(id) !== undefined;
  }

  /** For an existing subscription the minutes add to what remains, up to the maximum (presenceSubscription_ref.md). */
  extend(id: string, durationMinutes: number): void {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return;
    const now = this.clock.now();
    const remaining = Math.max(0, subscription.expiresAtMs - now);
    subscription.expiresAtMs = now + Math.min(remaining + this.minutes(durationMinutes), this.minutes(MAX_DURATION_MINUTES));
  }

  add(id: string, users: readonly SimUser[]): SimUser[] {
    const subscription = this.live(id);
    if (!subscription) return [];
    for (const user of users) if (!subscription.members.some((m) => m.sip === user.sip)) subscription.members.push(user);
    return users.filter((u, i) => users.findIndex((o) => o.sip === u.sip) === i);
  }

  member(id: string, address: string): SimUser | undefined {
    return this.live(id)?.members.find((m) => m.sip.slice(4) === address);
  }

  remove(id: string, user: SimUser): void {
    const subscription = this.live(id);
    if (subscription) subscription.members.splice(subscription.members.indexOf(user), 1);
  }

  delete(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  /** Whether any live subscription watches `sip`. */
  watches(sip: string): boolean {
    return [...this.subscriptions.keys()].some((id) => this.live(id)?.members.some((m) => m.sip === sip));
  }

  collectionResource(): SimResource {
    const ids = [...this.subscriptions.keys()].filter((id) => this.has(id));
    return { rel: 'presenceSubscriptions', href: this.href, properties: {}, links: ids.map((id) => ({ rel: 'presenceSubscription', href: this.subscriptionHref(id) })), embedded: { presenceSubscription: ids.map((id) => this.subscriptionResource(id)) } };
  }

  subscriptionResource(id: string): SimResource {
    const href = this.subscriptionHref(id);
    return {
      rel: 'presenceSubscription',
      href,
      properties: { id },
      links: [
        { rel: 'addToPresenceSubscription', href: `${href}/addToPresenceSubscription` },
        { rel: 'memberships', href: `${href}/memberships` },
      ],
    };
  }

  /** `memberships` of one subscription (GET), or the `presenceSubscriptionMemberships` a POST adding `added` answers with. */
  membershipsResource(id: string, added?: readonly SimUser[]): SimResource {
    const members = added ?? this.live(id)?.members ?? [];
    const list = members.map((user) => this.membershipResource(id, user));
    if (added) return { rel: 'presenceSubscriptionMemberships', href: this.membershipsHref, properties: {}, links: [], embedded: { presenceSubscriptionMembership: list } };
    return { rel: 'memberships', href: `${this.subscriptionHref(id)}/memberships`, properties: {}, links: list.map((m) => ({ rel: 'presenceSubscriptionMembership', href: m.href })), embedded: { presenceSubscriptionMembership: list } };
  }

  /** Every membership of every live subscription (the people hub's `presenceSubscriptionMemberships`). */
  allMembershipsResource(): SimResource {
    const list = [...this.subscriptions.keys()].flatMap((id) => (this.live(id)?.members ?? []).map((user) => this.membershipResource(id, user)));
    return { rel: 'presenceSubscriptionMemberships', href: this.membershipsHref, properties: {}, links: list.map((m) => ({ rel: 'presenceSubscriptionMembership', href: m.href })), embedded: { presenceSubscriptionMembership: list } };
  }

  membershipResource(id: string, user: SimUser): SimResource {
    return {
      rel: 'presenceSubscriptionMembership',
      href: `${this.subscriptionHref(id)}/memberships/${user.sip.slice(4)}`,
      properties: {},
      links: [
        { rel: 'contact', href: this.contactHref(user) },
        { rel: 'presenceSubscription', href: this.subscriptionHref(id) },
      ],
    };
  }

  private minutes(count: number): number {
    return count * 60_000 * this.clock.timeScale;
  }

  /** A subscription whose time ran out is gone, as on a real server that stops sending its events. */
  private live(id: string): Subscription | undefined {
    const subscription = this.subscriptions.get(id);
    if (subscription && subscription.expiresAtMs <= this.clock.now()) {
      this.subscriptions.delete(id);
      return undefined;
    }
    return subscription;
  }
}
