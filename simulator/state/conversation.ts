/**
 * One conversation as one application sees it: its properties, the messaging modality, the
 * participants (the local one included) and the messages, with the resources they render to.
 * Links appear only while their action is possible (Hypermedia.md): `sendMessage`,
 * `setIsTyping`, `stopMessaging` and `typingParticipants` only while messaging is Connected; the
 * audioVideo modality's state (calls are signalled only: its SDP lives on the invitation).
 */
import { encodeDataUri } from '../../protocol/data-uri.ts';
import { simDate, type SimLink, type SimResource } from '../wire/sim-resource.ts';
import type { AudioVideoSessionState } from './audio-video-session.ts';

export type ConversationStateName = 'Incoming' | 'Connecting' | 'Connected' | 'Disconnected';
export type ModalityState = 'Disconnected' | 'Connecting' | 'Connected';

export interface SimParticipant {
  readonly id: number;
  readonly sip: string;
  readonly name: string;
  readonly local: boolean;
  inMessaging: boolean;
  typing: boolean;
}

export interface SimMessage {
  readonly id: number;
  readonly direction: 'Incoming' | 'Outgoing';
  readonly from: SimParticipant;
  readonly text: string;
  readonly html: boolean;
  readonly timeStampMs: number;
  readonly operationId: string | null;
  status: 'Pending' | 'Succeeded' | 'Failed';
}

/** Participants by id, remembering every remote one who ever took part (a conversation log's recipients). */
class ParticipantMap extends Map<number, SimParticipant> {
  readonly everRemote = new Map<string, string>();

  override set(id: number, p: SimParticipant): this {
    if (!p.local) this.everRemote.set(p.sip, p.name);
    return super.set(id, p);
  }
}

export class ConversationState {
  state: ConversationStateName;
  readonly direction: 'Incoming' | 'Outgoing';
  messagingState: ModalityState = 'Disconnected';
  audioVideoState: ModalityState = 'Disconnected';
  /** The connected call's media session; null while no call is connected. */
  session: AudioVideoSessionState | null = null;
  /** What the conversation log needs once it ends: whether messaging ran, and how long calls were connected. */
  hadMessaging = false;
  callOffered = false;
  callConnected = false;
  callConnectedAtMs: number | null = null;
  callDurationMs = 0;
  /** The online meeting this conversation is (joinOnlineMeeting), by its onlineMeetingId; null for a plain conversation. */
  meetingId: string | null = null;
  readonly participants = new ParticipantMap();
  readonly messages = new Map<number, SimMessage>();
  private nextMessageId = 1;

  constructor(
    readonly id: number,
    readonly href: string,
    readonly threadId: string,
    readonly subject: string,
    readonly importance: 'Normal' | 'Urgent' | 'Emergency',
    readonly createdMs: number,
    readonly local: SimParticipant,
    state: ConversationStateName,
  ) {
    this.state = state;
    this.direction = state === 'Incoming' ? 'Incoming' : 'Outgoing';
    this.participants.set(local.id, local);
  }

  get messagingHref(): string {
    return `${this.href}/messaging`;
  }

  get audioVideoHref(): string {
    return `${this.href}/audioVideo`;
  }

  participantHref(p: SimParticipant): string {
    return `${this.href}/participants/${p.id}`;
  }

  remoteParticipants(): SimParticipant[] {
    return [...this.participants.values()].filter((p) => !p.local);
  }

  findParticipant(sip: string): SimParticipant | undefined {
    return [...this.participants.values()].find((p) => p.sip === sip);
  }

  addMessage(message: Omit<SimMessage, 'id'>): SimMessage {
    const stored = { ...message, id: this.nextMessageId++ };
    this.messages.set(stored.id, stored);
    return stored;
  }

  messageHref(m: SimMessage): string {
    return `${this.messagingHref}/messages/${m.id}`;
  }

  link(): SimLink {
    return { rel: 'conversation', href: this.href, ...(this.subject ? { title: this.subject } : {}) };
  }

  resource(): SimResource {
    const links: SimLink[] = [
      { rel: 'messaging', href: this.messagingHref },
      { rel: 'audioVideo', href: this.audioVideoHref },
      { rel: 'participants', href: `${this.href}/participants` },
      { rel: 'localParticipant', href: this.participantHref(this.local), title: this.local.name },
      ...(this.meetingId !== null ? [{ rel: 'onlineMeeting', href: `${this.href}/onlineMeeting` }] : []),
    ];
    return {
      rel: 'conversation',
      href: this.href,
      properties: {
        state: this.state,
        threadId: this.threadId,
        subject: this.subject,
        importance: this.importance,
        activeModalities: [...(this.messagingState === 'Connected' ? ['Messaging'] : []), ...(this.audioVideoState === 'Connected' ? ['Audio', 'Video'] : [])],
        participantCount: this.participants.size,
        created: simDate(this.createdMs),
        recording: false,
        audienceMessaging: true,
        audienceMute: false,
      },
      links,
    };
  }

  /** Messaging stopped while someone is still in the conversation, or a meeting's: it can be started (again) (addMessaging_ref.md). */
  get canAddMessaging(): boolean {
    return this.messagingState === 'Disconnected' && this.state !== 'Disconnected' && (this.remoteParticipants().length > 0 || (this.meetingId !== null && this.state === 'Connected'));
  }

  messagingResource(): SimResource {
    const connected = this.messagingState === 'Connected';
    const links: SimLink[] = [{ rel: 'conversation', href: this.href }];
    if (connected)
      links.push(
        { rel: 'sendMessage', href: `${this.messagingHref}/messages` },
        { rel: 'setIsTyping', href: `${this.messagingHref}/typing` },
        { rel: 'stopMessaging', href: `${this.messagingHref}/terminate` },
        { rel: 'typingParticipants', href: `${this.messagingHref}/typingParticipants` },
      );
    else if (this.canAddMessaging) links.push({ rel: 'addMessaging', href: `${this.messagingHref}/addMessaging` });
    return {
      rel: 'messaging',
      href: this.messagingHref,
      properties: { state: this.messagingState, ...(connected ? { negotiatedMessageFormats: ['Plain', 'Html'] } : {}) },
      links,
    };
  }

  /** audioVideo_ref.md: `stopAudioVideo` only while a call is connecting or connected, `audioVideoSession` while connected. */
  audioVideoResource(): SimResource {
    const links: SimLink[] = [{ rel: 'conversation', href: this.href }];
    if (this.session) links.push(this.session.link());
    if (this.audioVideoState !== 'Disconnected') links.push({ rel: 'stopAudioVideo', href: `${this.audioVideoHref}/stopAudioVideo` });
    return { rel: 'audioVideo', href: this.audioVideoHref, properties: { state: this.audioVideoState, supportsReplaces: 'None', videoSourcesAllowed: 'Everyone' }, links };
  }

  participantsResource(): SimResource {
    return {
      rel: 'participants',
      href: `${this.href}/participants`,
      properties: {},
      links: this.remoteParticipants().map((p) => ({ rel: 'participant', href: this.participantHref(p), title: p.name })),
    };
  }

  participantLink(p: SimParticipant, rel = 'participant'): SimLink {
    return { rel, href: this.participantHref(p), title: p.name };
  }

  participantResource(p: SimParticipant): SimResource {
    const links: SimLink[] = [{ rel: 'conversation', href: this.href }];
    if (p.inMessaging) links.push({ rel: 'participantMessaging', href: `${this.participantHref(p)}/participantMessaging` });
    return { rel: 'participant', href: this.participantHref(p), properties: { name: p.name, uri: p.sip, local: p.local, anonymous: false, organizer: false, role: 'Attendee', inLobby: false, sourceNetwork: 'SameEnterprise' }, links };
  }

  participantMessagingLink(p: SimParticipant): SimLink {
    return { rel: 'participantMessaging', href: `${this.participantHref(p)}/participantMessaging` };
  }

  participantMessagingResource(p: SimParticipant): SimResource {
    return { rel: 'participantMessaging', href: `${this.participantHref(p)}/participantMessaging`, properties: {}, links: [{ rel: 'participant', href: this.participantHref(p), title: p.name }] };
  }

  typingParticipantsLink(): SimLink {
    return { rel: 'typingParticipants', href: `${this.messagingHref}/typingParticipants` };
  }

  messageResource(m: SimMessage): SimResource {
    const links: SimLink[] = [
      { rel: 'messaging', href: this.messagingHref },
      { rel: 'participant', href: this.participantHref(m.from), title: m.from.name },
    ];
    if (m.direction === 'Incoming') links.push({ rel: m.html ? 'htmlMessage' : 'plainMessage', href: encodeDataUri(m.text, m.html ? 'text/html' : 'text/plain') });
    return {
      rel: 'message',
      href: this.messageHref(m),
      properties: { direction: m.direction, timeStamp: simDate(m.timeStampMs), status: m.status, ...(m.operationId ? { operationId: m.operationId } : {}) },
      links,
    };
  }
}
