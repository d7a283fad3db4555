/**
 * Presence subscriptions under the people hub: create one with contacts and a duration, read it,
 * extend it, add contacts (memberships or addToPresenceSubscription), remove one, delete it.
 * Each change of the subscription is an event from `people`, as presenceSubscription_ref.md lists.
 */
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import { MAX_DURATION_MINUTES, MIN_DURATION_MINUTES } from '../state/presence-subscriptions.ts';
import { findUser, type SimUser } from '../users.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, resourceResponse } from './respond.ts';
import type { SimulatorAnswer } from './sim-answer.ts';
import { badRequest, missingInput, notFound } from './sim-error.ts';

function durationOf(input: RequestInput): number {
  const text = input.get('duration');
  if (text === undefined) throw missingInput(['duration (minutes, 10 to 30)'], 'A presence subscription');
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES) throw badRequest('ParameterValidationFailure', `duration must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}, not "${text}".`);
  return minutes;
}

function contactsOf(state: SimState, input: RequestInput, name: 'uris' | 'contactUris'): SimUser[] {
  const uris = input.list(name);
  if (!uris || uris.length === 0) throw missingInput([`${name} (a list of SIP URIs)`], 'A presence subscription');
  return uris.map((uri) => {
    const user = findUser(state.options.users, uri);
    if (!user) throw badRequest('ParameterValidationFailure', `${name} names ${uri}, who is not in this directory; search people for who is.`);
    return user;
  });
}

function announce(app: ApplicationState, type: 'added' | 'updated' | 'deleted', id: string): void {
  app.emit({ rel: 'people', href: app.people.href }, [{ type, link: { rel: 'presenceSubscription', href: app.subscriptions.subscriptionHref(id) } }]);
}

/** Answers `people/presenceSubscriptions…` and `people/presenceSubscriptionMemberships`; null for anything else. */
export function handleSubscriptionRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const { rest, method, format } = request;
  const subscriptions = app.subscriptions;
  if (rest === '/people/presenceSubscriptionMemberships') {
    allow(['GET']);
    return resourceResponse(format, subscriptions.allMembershipsResource());
  }
  if (rest === '/people/presenceSubscriptions') {
    allow(['GET', 'POST']);
    if (method === 'GET') return resourceResponse(format, subscriptions.collectionResource());
    const input = RequestInput.fromBody(request.body, request.contentType, request.url);
    const duration = durationOf(input);
    const id = subscriptions.create(contactsOf(state, input, 'uris'), duration);
    const created = resourceResponse(format, subscriptions.subscriptionResource(id), 201, [['Location', subscriptions.subscriptionHref(id)]]);
    announce(app, 'added', id);
    state.remote.onSubscribed(app);
    return created;
  }
  const match = /^\/people\/presenceSubscriptions\/([^/]+)(?:\/(memberships|addToPresenceSubscription)(?:\/([^/]+))?)?$/.exec(rest);
  if (!match) return null;
  const id = match[1] as string;
  if (!subscriptions.has(id)) throw notFound(`There is no presence subscription ${id} (it was deleted or its time ran out); create a new one.`);
  const part = match[2];
  const memberAddress = match[3];
  if (part === undefined) {
    allow(['GET', 'POST', 'DELETE']);
    if (method === 'GET') return resourceResponse(format, subscriptions.subscriptionResource(id));
    if (method === 'POST') {
      subscriptions.extend(id, durationOf(RequestInput.fromBody(request.body, request.contentType, request.url)));
      const extended = resourceResponse(format, subscriptions.subscriptionResource(id));
      announce(app, 'updated', id);
      return extended;
    }
    subscriptions.delete(id);
    announce(app, 'deleted', id);
    return emptyResponse(204);
  }
  if (memberAddress !== undefined) {
    if (part !== 'memberships') return null;
    allow(['GET', 'DELETE']);
    const user = subscriptions.member(id, decodeURIComponent(memberAddress));
    if (!user) throw notFound(`${decodeURIComponent(memberAddress)} is not a member of presence subscription ${id}.`);
    if (method === 'GET') return resourceResponse(format, subscriptions.membershipResource(id, user));
    subscriptions.remove(id, user);
    announce(app, 'updated', id);
    return emptyResponse(204);
  }
  allow(part === 'memberships' ? ['GET', 'POST'] : ['POST']);
  if (method === 'GET') return resourceResponse(format, subscriptions.membershipsResource(id));
  const added = subscriptions.add(id, contactsOf(state, RequestInput.fromBody(request.body, request.contentType, request.url), 'contactUris'));
  const answer = resourceResponse(format, subscriptions.membershipsResource(id, added));
  announce(app, 'updated', id);
  return answer;
}
