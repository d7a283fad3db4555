/**
 * The part of a timeline input the reducer reads, and nothing else: what derivation stores, so a
 * session's inputs stay small enough to read and fold in well under a second. A reducer that
 * starts reading another link rel or embedded relationship must name it here.
 */
import type { UcwaEvent } from '../event.ts';
import type { UcwaLink, UcwaResource } from '../resource.ts';
import { READ_LINKS } from './learn-hrefs.ts';
import type { TimelineInput } from './timeline-types.ts';


/** The request methods the reducer acts on (`onRequest`): a GET or PUT request shows it nothing its response does not. */
const FOLDED_REQUEST_METHODS: ReadonlySet<string> = new Set(['POST', 'DELETE']);

/**
 * What derivation stores of one exchange's inputs: each input's folded part, without a request the
 * reducer passes over, unless it is all the exchange showed (an aborted GET still marks its moment).
 */
export function foldedInputs(inputs: readonly TimelineInput[]): TimelineInput[] {
  const kept = inputs.length > 1 ? inputs.filter((input) => input.kind !== 'request' || FOLDED_REQUEST_METHODS.has(input.method)) : inputs;
  return kept.map(foldedPart);
}

export function foldedPart(input: TimelineInput): TimelineInput {
  if (input.kind === 'response' && input.resource) return { ...input, resource: foldedResource(input.resource) };
  if (input.kind === 'event') return { ...input, event: foldedEvent(input.event) };
  return input;
}

/** An event keeps its own fields and only the resource of its link's rel (the one the reducer applies); `extra` goes. */
function foldedEvent(event: UcwaEvent): UcwaEvent {
  const { extra: _extra, embedded, ...own } = event;
  const applied = embedded[event.link.rel];
  return { ...own, embedded: applied ? { [event.link.rel]: applied.map((resource) => foldedResource(resource)) } : {} };
}

/**
 * A resource keeps the links the reducer reads and its embedded resources; its properties whole
 * (a conversation's are all shown), while an embedded resource keeps only what names a participant
 * (an invitation's `from`, read by `applyParticipant`): the reducer reads nothing else of them.
 */
function foldedResource(resource: UcwaResource, embeddedIn = false): UcwaResource {
  const links: Record<string, readonly UcwaLink[]> = {};
  for (const rel in resource.links) if (READ_LINKS.has(rel)) links[rel] = resource.links[rel] as readonly UcwaLink[];
  const embedded: Record<string, readonly UcwaResource[]> = {};
  for (const relationship in resource.embedded) embedded[relationship] = (resource.embedded[relationship] as readonly UcwaResource[]).map((inner) => foldedResource(inner, true));
  return { ...resource, links, embedded, ...(embeddedIn ? { properties: participantProperties(resource) } : {}) };
}

const PARTICIPANT_PROPERTIES = ['uri', 'name', 'local'];

function participantProperties(resource: UcwaResource): UcwaResource['properties'] {
  const kept: Record<string, UcwaResource['properties'][string]> = {};
  for (const name of PARTICIPANT_PROPERTIES) if (resource.properties[name] !== undefined) kept[name] = resource.properties[name] as UcwaResource['properties'][string];
  return kept;
}
