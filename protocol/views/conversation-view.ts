/** Typed view of a `conversation`: the local participant's view of a multi-party, multi-modal exchange. */
import type { UcwaDate, UcwaResource } from '../resource.ts';
import {
  compact,
  readBoolean,
  readDate,
  readEnum,
  readEnums,
  readHrefs,
  readNumber,
  readString,
  resourceView,
  type Hrefs,
  type OpenEnum,
  type ResourceView,
} from './read-fields.ts';

export const CONVERSATION_LINKS = [
  'messaging',
  'participants',
  'localParticipant',
  'addParticipant',
  'audioVideo',
  'phoneAudio',
  'applicationSharing',
  'dataCollaboration',
  'onlineMeeting',
  'leaders',
  'attendees',
  'lobby',
  'userAcknowledged',
  'enableAudienceMessaging',
  'disableAudienceMessaging',
  'enableAudienceMuteLock',
  'disableAudienceMuteLock',
] as const;

export interface ConversationView extends ResourceView {
  readonly state?: OpenEnum<'ConversationState'>;
  readonly subject?: string;
  readonly importance?: OpenEnum<'Importance'>;
  /** Ties the conversation to the invitation that started it. */
  readonly threadId?: string;
  readonly participantCount?: number;
  readonly activeModalities?: readonly OpenEnum<'ConversationModalityType'>[];
  readonly recording?: boolean;
  readonly audienceMessaging?: OpenEnum<'AudienceMessaging'>;
  readonly audienceMute?: OpenEnum<'AudienceMuteLock'>;
  readonly created?: UcwaDate;
  readonly expirationTime?: UcwaDate;
  readonly readLocally?: boolean;
  /** The links the conversation offers now; capabilities come and go with its state. */
  readonly hrefs: Hrefs<(typeof CONVERSATION_LINKS)[number]>;
}

export function toConversationView(resource: UcwaResource): ConversationView {
  return compact({
    ...resourceView(resource),
    state: readEnum<'ConversationState'>(resource, 'state'),
    subject: readString(resource, 'subject'),
    importance: readEnum<'Importance'>(resource, 'importance'),
    threadId: readString(resource, 'threadId'),
    participantCount: readNumber(resource, 'participantCount'),
    activeModalities: readEnums<'ConversationModalityType'>(resource, 'activeModalities'),
    recording: readBoolean(resource, 'recording'),
    audienceMessaging: readEnum<'AudienceMessaging'>(resource, 'audienceMessaging'),
    audienceMute: readEnum<'AudienceMuteLock'>(resource, 'audienceMute'),
    created: readDate(resource, 'created'),
    expirationTime: readDate(resource, 'expirationTime'),
    readLocally: readBoolean(resource, 'readLocally'),
    hrefs: readHrefs(resource, CONVERSATION_LINKS),
  });
}
