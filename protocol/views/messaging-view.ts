/** Typed view of `messaging`: a conversation's IM modality, its state and the actions it offers now. */
import type { UcwaResource } from '../resource.ts';
import { compact, readEnum, readEnums, readHrefs, resourceView, type Hrefs, type OpenEnum, type ResourceView } from './read-fields.ts';

export const MESSAGING_LINKS = ['sendMessage', 'setIsTyping', 'stopMessaging', 'addMessaging', 'typingParticipants', 'conversation'] as const;

export interface MessagingView extends ResourceView {
  /**
   * Connecting, Connected, Disconnected...: the reference names no enumeration for modality
   * state (messaging_ref.md); CallState holds the values the samples show.
   */
  readonly state?: OpenEnum<'CallState'>;
  readonly negotiatedMessageFormats?: readonly OpenEnum<'MessageFormat'>[];
  /** Action links present now: `sendMessage` and `setIsTyping` only while messaging is Connected. */
  readonly hrefs: Hrefs<(typeof MESSAGING_LINKS)[number]>;
}

export function toMessagingView(resource: UcwaResource): MessagingView {
  return compact({
    ...resourceView(resource),
    state: readEnum<'CallState'>(resource, 'state'),
    negotiatedMessageFormats: readEnums<'MessageFormat'>(resource, 'negotiatedMessageFormats'),
    hrefs: readHrefs(resource, MESSAGING_LINKS),
  });
}
