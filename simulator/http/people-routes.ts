/**
 * People and presence: the people hub, search, contacts with their presence, note and location,
 * myContacts, myGroups and the group's contacts, and the user's own presence, note and location
 * under `me/` (GET, and POST to publish). Presence and note need makeMeAvailable first, as documented.
 */
import type { SimState } from '../sim-state.ts';
import type { ApplicationState } from '../state/application.ts';
import { GROUP_ID } from '../state/people-resources.ts';
import { PUBLISHABLE_AVAILABILITY, type PublishableAvailability } from '../state/presence-board.ts';
import { findUser, type SimUser } from '../users.ts';
import type { Allow, AppRequest } from './application-routes.ts';
import { RequestInput } from './request-input.ts';
import { emptyResponse, resourceResponse } from './respond.ts';
import type { SimulatorAnswer } from './sim-answer.ts';
import { badRequest, conflict, missingInput, notFound } from './sim-error.ts';

const SEARCH_LIMIT_MAX = 100;
const QUERY_MAX_CHARS = 256;

function contactOf(state: SimState, segment: string, path: string): SimUser {
  let address: string;
  try {
    address = decodeURIComponent(segment);
  } catch {
    throw notFound(`There is no contact at ${path}.`);
  }
  const user = findUser(state.options.users, address);
  if (!user) throw notFound(`Nobody by the address ${address} is in this directory; search people for who is.`);
  return user;
}

function searchLimit(url: URL): number {
  const text = url.searchParams.get('limit');
  if (text === null) return SEARCH_LIMIT_MAX;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > SEARCH_LIMIT_MAX) throw badRequest('ParameterValidationFailure', `limit must be a whole number from 1 to ${SEARCH_LIMIT_MAX}, not "${text}".`);
  return Number(text);
}

function search(app: ApplicationState, request: AppRequest): SimulatorAnswer {
  const query = request.url.searchParams.get('query');
  if (query === null || query.trim() === '') throw missingInput(['query (a SIP URI, an e-mail address or part of a name)'], 'Searching people');
  if (query.length > QUERY_MAX_CHARS) throw badRequest('ParameterValidationFailure', `query is limited to ${QUERY_MAX_CHARS} characters.`);
  const limit = searchLimit(request.url);
  return resourceResponse(request.format, app.people.searchResource(app.people.search(query), limit, request.url.search));
}

/** Tells each of the user's available applications that a `me` resource changed (sender me, as presence_ref.md lists). */
function announceToOwnApplications(state: SimState, app: ApplicationState, rel: 'presence' | 'note' | 'location'): void {
  for (const other of state.applications.values())
    if (other.user === app.user && other.available) other.emit({ rel: 'me', href: other.meHref }, [{ type: 'updated', link: { rel, href: `${other.meHref}/${rel}` } }]);
}

function publishPresence(state: SimState, app: ApplicationState, request: AppRequest): SimulatorAnswer {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const asked = input.get('availability');
  if (!asked) throw missingInput(['availability'], 'Publishing presence');
  const availability = PUBLISHABLE_AVAILABILITY.find((a) => a.toLowerCase() === asked.toLowerCase());
  if (!availability) throw badRequest('ParameterValidationFailure', `availability must be one of ${PUBLISHABLE_AVAILABILITY.join(', ')}, not "${asked}".`);
  state.presence.publish(app.user.sip, availability as PublishableAvailability);
  announceToOwnApplications(state, app, 'presence');
  return emptyResponse(204);
}

function publishText(state: SimState, app: ApplicationState, request: AppRequest, rel: 'note' | 'location'): SimulatorAnswer {
  const input = RequestInput.fromBody(request.body, request.contentType, request.url);
  const name = rel === 'note' ? 'message' : 'location';
  const text = input.get(name);
  if (text === undefined) throw missingInput([name], `Setting the ${rel}`);
  if (rel === 'note') state.presence.setNote(app.user.sip, text);
  else state.presence.setLocation(app.user.sip, text);
  announceToOwnApplications(state, app, rel);
  return emptyResponse(204);
}

/** `me/presence`, `me/note` and `me/location`; null when `rest` is none of them. */
function handleMine(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const match = /^\/me\/(presence|note|location)$/.exec(request.rest);
  if (!match) return null;
  const rel = match[1] as 'presence' | 'note' | 'location';
  allow(['GET', 'POST']);
  if (!app.available) throw conflict('MakeMeAvailableRequired', `Call makeMeAvailable before using ${rel}.`);
  if (request.method === 'POST') return rel === 'presence' ? publishPresence(state, app, request) : publishText(state, app, request, rel);
  const resource = rel === 'presence' ? app.people.presenceResource(app.meHref) : rel === 'note' ? app.people.noteResource(app.meHref) : app.people.locationResource(app.meHref);
  return resourceResponse(request.format, resource);
}

export function handlePeopleRoute(state: SimState, app: ApplicationState, request: AppRequest, allow: Allow): SimulatorAnswer | null {
  const mine = handleMine(state, app, request, allow);
  if (mine) return mine;
  const { rest, format } = request;
  const people = app.people;
  switch (rest) {
    case '/people':
      allow(['GET']);
      return resourceResponse(format, people.peopleResource());
    case '/people/search':
      allow(['GET']);
      return search(app, request);
    case '/people/contacts':
      allow(['GET']);
      return resourceResponse(format, people.myContactsResource());
    case '/people/groups':
      allow(['GET']);
      return resourceResponse(format, people.myGroupsResource());
    case `/people/groups/${GROUP_ID}`:
      allow(['GET']);
      return resourceResponse(format, people.groupResource());
    case `/people/groups/${GROUP_ID}/contacts`:
      allow(['GET']);
      return resourceResponse(format, people.groupContactsResource());
  }
  const contactMatch = /^\/people\/([^/]+)(?:\/(presence|note|location|photo))?$/.exec(rest);
  if (!contactMatch) return null;
  allow(['GET']);
  const user = contactOf(state, contactMatch[1] as string, request.url.pathname);
  switch (contactMatch[2]) {
    case undefined:
      return resourceResponse(format, people.contactResource(user));
    case 'presence': {
      const presence = resourceResponse(format, people.contactPresenceResource(user));
      state.remote.onPresenceRead(app, user.sip);
      return presence;
    }
    case 'note':
      return resourceResponse(format, people.contactNoteResource(user));
    case 'location':
      return resourceResponse(format, people.contactLocationResource(user));
    default:
      throw notFound(`${user.name} has no photo on this server (contactPhoto answers 404, as a real server does for a user without one).`);
  }
}
