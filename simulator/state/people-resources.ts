/**
 * The people hub of one application as resources (people_ref.md and the pages it links):
 * contacts named by address under `people/`, their presence, note and location, search over the
 * built-in users, myContacts and one group holding everyone else, and the user's own presence,
 * note and location under `me/`.
 */
import type { SimUser } from '../users.ts';
import { simDate, type SimLink, type SimResource } from '../wire/sim-resource.ts';
import type { PresenceBoard } from './presence-board.ts';

/** The one contact-list group every user has, holding the other built-in users. */
export const GROUP_ID = '1';
const GROUP_NAME = 'Contoso';

export class PeopleResources {
  constructor(
    private readonly appHref: string,
    private readonly self: SimUser,
    private readonly users: readonly SimUser[],
    private readonly board: PresenceBoard,
  ) {}

  get href(): string {
    return `${this.appHref}/people`;
  }

  contactHref(user: SimUser): string {
    return `${this.href}/${user.sip.slice(4)}`;
  }

  /** Everyone on the user's contact list: the other built-in users. */
  contacts(): SimUser[] {
    return this.users.filter((u) => u.sip !== this.self.sip);
  }

  /** Matches a SIP URI or e-mail address exactly, else a part of a name or address; the user themself included, as the address book does. */
  search(query: string): SimUser[] {
    const wanted = query.trim().toLowerCase();
    const sip = wanted.startsWith('sip:') ? wanted : `sip:${wanted}`;
    const exact = this.users.filter((u) => u.sip === sip);
    if (exact.length > 0) return exact;
    return this.users.filter((u) => u.name.toLowerCase().includes(wanted) || u.sip.slice(4).includes(wanted));
  }

  peopleResource(): SimResource {
    return {
      rel: 'people',
      href: this.href,
      properties: {},
      links: [
        { rel: 'myContacts', href: `${this.href}/contacts` },
        { rel: 'myGroups', href: `${this.href}/groups` },
        { rel: 'presenceSubscriptionMemberships', href: `${this.href}/presenceSubscriptionMemberships` },
        { rel: 'presenceSubscriptions', href: `${this.href}/presenceSubscriptions` },
        { rel: 'search', href: `${this.href}/search` },
      ],
    };
  }

  contactResource(user: SimUser): SimResource {
    const href = this.contactHref(user);
    return {
      rel: 'contact',
      href,
      properties: { name: user.name, uri: user.sip, emailAddresses: [user.sip.slice(4)], type: 'User', sourceNetwork: 'SameEnterprise' },
      links: [
        { rel: 'contactPresence', href: `${href}/presence` },
        { rel: 'contactNote', href: `${href}/note` },
        { rel: 'contactLocation', href: `${href}/location` },
      ],
    };
  }

  contactPresenceResource(user: SimUser): SimResource {
    const view = this.board.view(user.sip);
    return {
      rel: 'contactPresence',
      href: `${this.contactHref(user)}/presence`,
      properties: { availability: view.availability, activity: view.activity, ...(view.availability === 'Offline' ? {} : { deviceType: 'Web' }), ...(view.lastActiveMs === null ? {} : { lastActive: simDate(view.lastActiveMs) }) },
      links: [],
    };
  }

  contactNoteResource(user: SimUser): SimResource {
    return { rel: 'contactNote', href: `${this.contactHref(user)}/note`, properties: { message: this.board.note(user.sip), type: 'Personal' }, links: [] };
  }

  contactLocationResource(user: SimUser): SimResource {
    return { rel: 'contactLocation', href: `${this.contactHref(user)}/location`, properties: { location: this.board.location(user.sip) }, links: [] };
  }

  searchResource(found: readonly SimUser[], limit: number, search: string): SimResource {
    return {
      rel: 'search',
      href: `${this.href}/search${search}`,
      properties: { moreResultsAvailable: found.length > limit },
      links: [],
      embedded: { contact: found.slice(0, limit).map((u) => this.contactResource(u)) },
    };
  }

  private contactList(rel: 'myContacts' | 'groupContacts', href: string): SimResource {
    const contacts = this.contacts();
    return { rel, href, properties: {}, links: contacts.map((u): SimLink => ({ rel: 'contact', href: this.contactHref(u) })), embedded: { contact: contacts.map((u) => this.contactResource(u)) } };
  }

  myContactsResource(): SimResource {
    return this.contactList('myContacts', `${this.href}/contacts`);
  }

  groupHref(): string {
    return `${this.href}/groups/${GROUP_ID}`;
  }

  groupResource(): SimResource {
    return { rel: 'group', href: this.groupHref(), properties: { id: GROUP_ID, name: GROUP_NAME }, links: [{ rel: 'groupContacts', href: `${this.groupHref()}/contacts` }] };
  }

  groupContactsResource(): SimResource {
    return this.contactList('groupContacts', `${this.groupHref()}/contacts`);
  }

  myGroupsResource(): SimResource {
    return { rel: 'myGroups', href: `${this.href}/groups`, properties: {}, links: [{ rel: 'group', href: this.groupHref(), title: GROUP_NAME }], embedded: { group: [this.groupResource()] } };
  }

  presenceResource(meHref: string): SimResource {
    const view = this.board.view(this.self.sip);
    return { rel: 'presence', href: `${meHref}/presence`, properties: { availability: view.availability, activity: view.activity }, links: [] };
  }

  noteResource(meHref: string): SimResource {
    return { rel: 'note', href: `${meHref}/note`, properties: { message: this.board.note(this.self.sip), type: 'Personal' }, links: [] };
  }

  locationResource(meHref: string): SimResource {
    return { rel: 'location', href: `${meHref}/location`, properties: { location: this.board.location(this.self.sip) }, links: [] };
  }
}
