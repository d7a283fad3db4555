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

/**
 * Events the task walkthroughs show in captured traffic that no reference Events table lists:
 * SendAnIM.md and ReceiveAnIM.md deliver every IM as `message completed` with
 * `"status":"Success"` (message_ref.md documents only `started`).
 */
export const WALKTHROUGH_EVENTS: readonly { readonly resource: string; readonly type: string; readonly sender: string; readonly priority: string; readonly page: string }[] = [
  { resource: 'message', type: 'completed', sender: 'conversation', priority: 'High', page: 'SendAnIM.md' },
];
