/** Typed view of `communication`: where conversations start and are listed. */
import type { UcwaResource } from '../resource.ts';
import {
  compact,
  readBoolean,
  readEnum,
  readEnums,
  readHrefs,
  readString,
  resourceView,
  type Hrefs,
  type OpenEnum,
  type ResourceView,
} from './read-fields.ts';

export const COMMUNICATION_LINKS = [
  'conversations',
  'startMessaging',
  'missedItems',
  'conversationLogs',
  'joinOnlineMeeting',
  'startOnlineMeeting',
  'replayMessage',
  'startAudio',
  'startAudioVideo',
  'startPhoneAudio',
  'startVideo',
  'startEmergencyCall',
  'mediaPolicies',
  'mediaRelayAccessToken',
] as const;

export interface CommunicationView extends ResourceView {
  readonly supportedModalities?: readonly OpenEnum<'ModalityType'>[];
  readonly supportedMessageFormats?: readonly OpenEnum<'MessageFormat'>[];
  readonly audioPreference?: OpenEnum<'AudioPreference'>;
  readonly conversationHistory?: string;
  readonly phoneNumber?: string;
  readonly publishEndpointLocation?: boolean;
  readonly videoBasedScreenSharing?: string;
  readonly lisLocation?: string;
  readonly lisQueryResult?: OpenEnum<'LisQueryResultEnum'>;
  readonly hrefs: Hrefs<(typeof COMMUNICATION_LINKS)[number]>;
}

export function toCommunicationView(resource: UcwaResource): CommunicationView {
  return compact({
    ...resourceView(resource),
    supportedModalities: readEnums<'ModalityType'>(resource, 'supportedModalities'),
    supportedMessageFormats: readEnums<'MessageFormat'>(resource, 'supportedMessageFormats'),
    audioPreference: readEnum<'AudioPreference'>(resource, 'audioPreference'),
    conversationHistory: readString(resource, 'conversationHistory'),
    phoneNumber: readString(resource, 'phoneNumber'),
    publishEndpointLocation: readBoolean(resource, 'publishEndpointLocation'),
    videoBasedScreenSharing: readString(resource, 'videoBasedScreenSharing'),
    lisLocation: readString(resource, 'lisLocation'),
    lisQueryResult: readEnum<'LisQueryResultEnum'>(resource, 'lisQueryResult'),
    hrefs: readHrefs(resource, COMMUNICATION_LINKS),
  });
}
