/**
 * Walks decoded resources (root, embedded, and those delivered in events) depth-first in wire
 * order, collecting one row per resource, the rels and conversations they mention, IM text, and
 * teaching the session's href index what each link points at.
 */
import type { UcwaResource } from '../resource.ts';
import type { HrefIndex } from './href-index.ts';
import { embeddedConversation, learnResource, resourceConversation } from './href-learning.ts';
import { messageText } from './message-text.ts';

export type Direction = 'request' | 'response';

export interface DerivedResource {
  readonly direction: Direction;
  /** 0-based within the exchange, depth-first in wire order. */
  readonly position: number;
  readonly parentPosition: number | null;
  /** Position of the event that delivered it, when it came in an event batch. */
  readonly eventPosition: number | null;
  /** The relationship it appeared under: its embedding key, the event's link rel, or its own type at the root. */
  readonly rel: string | null;
  /** The resource type (`UcwaResource.rel`): `participant` for a `localParticipant`. */
  readonly type: string | null;
  readonly href: string | null;
}

export interface WalkContext {
  readonly direction: Direction;
  readonly rel: string | null;
  readonly parentPosition: number | null;
  readonly eventPosition: number | null;
  /** The conversation of the enclosing resource or event, if known. */
  readonly conversation: string | null;
}

export class ResourceWalker {
  readonly resources: DerivedResource[] = [];
  readonly rels = new Set<string>();
  readonly conversations = new Set<string>();
  readonly messages: string[] = [];

  constructor(private readonly index: HrefIndex) {}

  /** Walks one resource and its embedded ones; returns the conversation it belongs to, if any. */
  walk(resource: UcwaResource, context: WalkContext): string | null {
    const conversation = resourceConversation(this.index, resource, context.conversation);
    const position = this.resources.length;
    this.resources.push({
      direction: context.direction,
      position,
      parentPosition: context.parentPosition,
      eventPosition: context.eventPosition,
      rel: context.rel ?? resource.rel,
      type: resource.rel,
      href: resource.href,
    });
    if (resource.rel !== null) this.rels.add(resource.rel);
    if (context.rel !== null) this.rels.add(context.rel);
    if (conversation !== null) this.conversations.add(conversation);

    learnResource(this.index, resource, conversation);

    const text = messageText(resource);
    if (text !== null) this.messages.push(text);

    for (const [relationship, children] of Object.entries(resource.embedded))
      for (const child of children)
        this.walk(child, { ...context, rel: relationship, parentPosition: position, conversation: embeddedConversation(relationship, conversation) });
    return conversation;
  }
}
