/**
 * Relationships whose resources carry another type's `rel` in real traffic although their ref page
 * samples show the relationship name. Stated by the walkthroughs, not by catalog.json.
 */

/** Relationship → the `rel` its resources carry (PROTOCOL.md §2.1: EventsInUCWA.md, ReceiveAnIM.md, messagingInvitation_ref.md). */
export const WALKTHROUGH_RESOURCE_RELS: Readonly<Record<string, string>> = {
  localParticipant: 'participant',
  from: 'participant',
  acceptedByParticipant: 'participant',
};
