/**
 * Typed views of participant collections: `participants` (everyone in a conversation) and
 * `typingParticipants` (who is typing now; the event channel adds and deletes its members).
 */
import type { UcwaResource } from '../resource.ts';
import { toParticipantView, type ParticipantView } from './participant-view.ts';
import { readLinks, resourceView, type LinkRef, type ResourceView } from './read-fields.ts';

export interface ParticipantListView extends ResourceView {
  /** The `participant` links in wire order; the title is the display name. */
  readonly participantLinks: readonly LinkRef[];
  /** Participants embedded in full, when the server embedded any. */
  readonly participants: readonly ParticipantView[];
}

export type ParticipantsView = ParticipantListView;
export type TypingParticipantsView = ParticipantListView;

function toParticipantListView(resource: UcwaResource): ParticipantListView {
  return {
    ...resourceView(resource),
    participantLinks: readLinks(resource, 'participant'),
    participants: (resource.embedded['participant'] ?? []).map(toParticipantView),
  };
}

export function toParticipantsView(resource: UcwaResource): ParticipantsView {
  return toParticipantListView(resource);
}

export function toTypingParticipantsView(resource: UcwaResource): TypingParticipantsView {
  return toParticipantListView(resource);
}
