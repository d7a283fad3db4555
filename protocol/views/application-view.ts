/**
 * Typed views of an `application` (the client's session with the server, which embeds `me`,
 * `people` and `communication`) and of `people`, the entry point to contacts and groups.
 */
import type { UcwaResource } from '../resource.ts';
import { toCommunicationView, type CommunicationView } from './communication-view.ts';
import { toMeView, type MeView } from './me-view.ts';
import { compact, readHrefs, readString, resourceView, type Hrefs, type ResourceView } from './read-fields.ts';

export const APPLICATION_LINKS = ['events', 'batch', 'policies', 'reportMyNetwork', 'communication', 'me', 'people', 'onlineMeetings'] as const;

export const PEOPLE_LINKS = [
  'myContacts',
  'myGroups',
  'myGroupMemberships',
  'presenceSubscriptions',
  'subscribedContacts',
  'presenceSubscriptionMemberships',
  'myPrivacyRelationships',
  'myContactsAndGroupsSubscription',
  'search',
] as const;

export interface PeopleView extends ResourceView {
  readonly hrefs: Hrefs<(typeof PEOPLE_LINKS)[number]>;
}

export interface ApplicationView extends ResourceView {
  readonly culture?: string;
  readonly userAgent?: string;
  /** `Browser` in the samples. */
  readonly type?: string;
  readonly endpointId?: string;
  readonly id?: string;
  /** Set when the client created one application per browser tab (MultiTabSupport.md). */
  readonly instanceId?: string;
  /** `events` is the event channel's first P-GET href (`…/events?ack=1`). */
  readonly hrefs: Hrefs<(typeof APPLICATION_LINKS)[number]>;
  readonly me?: MeView;
  readonly people?: PeopleView;
  readonly communication?: CommunicationView;
}

export function toPeopleView(resource: UcwaResource): PeopleView {
  return { ...resourceView(resource), hrefs: readHrefs(resource, PEOPLE_LINKS) };
}

export function toApplicationView(resource: UcwaResource): ApplicationView {
  const me = resource.embedded['me']?.[0];
  const people = resource.embedded['people']?.[0];
  const communication = resource.embedded['communication']?.[0];
  return compact({
    ...resourceView(resource),
    culture: readString(resource, 'culture'),
    userAgent: readString(resource, 'userAgent'),
    type: readString(resource, 'type'),
    endpointId: readString(resource, 'endpointId'),
    id: readString(resource, 'id'),
    instanceId: readString(resource, 'instanceId'),
    hrefs: readHrefs(resource, APPLICATION_LINKS),
    me: me && toMeView(me),
    people: people && toPeopleView(people),
    communication: communication && toCommunicationView(communication),
  });
}
