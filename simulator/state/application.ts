/**
 * One application (CreateAnApplication.md): its user, its resources (me, people, communication,
 * conversations, missed items), its event channel and what it has been told. Every href the
 * application hands out starts with its own base, so each application has its own hrefs.
 */
import { createHash } from 'node:crypto';
import type { SimClock } from '../clock.ts';
import { findUser, type SimUser } from '../users.ts';
import { MeetingResources } from '../meetings/meeting-resources.ts';
import type { SimEvent, SimLink, SimResource } from '../wire/sim-resource.ts';
import { ConversationLogs, type LogStatus } from './conversation-logs.ts';
import { ConversationState, type SimParticipant } from './conversation.ts';
import { EventChannel } from './event-channel.ts';
import type { AudioVideoInvitationState } from './audio-video-invitation.ts';
import type { InvitationState } from './invitation.ts';
import { PeopleResources } from './people-resources.ts';
import type { PresenceBoard } from './presence-board.ts';
import { PresenceSubscriptions } from './presence-subscriptions.ts';

export interface ApplicationInput {
  readonly userAgent: string;
  readonly endpointId: string;
  readonly culture: string;
  readonly instanceId?: string;
}

export class ApplicationState {
  readonly href: string;
  readonly channel: EventChannel;
  readonly people: PeopleResources;
  readonly subscriptions: PresenceSubscriptions;
  readonly logs: ConversationLogs;
  available = false;
  lastActivityMs: number;
  readonly conversations = new Map<number, ConversationState>();
  readonly invitations = new Map<number, InvitationState>();
  readonly callInvitations = new Map<number, AudioVideoInvitationState>();
  missedConversations = 0;
  unreadMissedConversations = 0;
  /** Conversations already logged: a conversation that ends on both sides is logged once. */
  private readonly logged = new WeakSet<ConversationState>();
  /**
   * The PUT sentinel's name (PayloadFormat.md): a GUID-named property on the communication
   * resource, as real servers send it; clients pass its name as their `operationId`.
   */
  readonly putSentinel: string;
  private nextId: number;

  constructor(
    readonly id: string,
    readonly user: SimUser,
    readonly input: ApplicationInput,
    readonly clock: SimClock,
    firstId: number,
    directory: { readonly users: readonly SimUser[]; readonly board: PresenceBoard },
  ) {
    this.href = `/ucwa/oauth/v1/applications/${id}`;
    this.people = new PeopleResources(this.href, user, directory.users, directory.board);
    this.subscriptions = new PresenceSubscriptions(this.people.href, clock, (contact) => this.people.contactHref(contact));
    this.channel = new EventChannel(`${this.href}/events`, clock);
    this.logs = new ConversationLogs(`${this.href}/communication`, `${this.href}/me`, (sip) => {
      const user = findUser(directory.users, sip);
      return user ? this.people.contactHref(user) : undefined;
    });
    this.lastActivityMs = clock.now();
    this.channel.onActivity = () => this.touch();
    this.nextId = firstId;
    this.putSentinel = guidFrom(id);
  }

  /** Ids for conversations, invitations and participants: one counter, so hrefs never repeat within the application. */
  allocateId(): number {
    return this.nextId++;
  }

  touch(): void {
    this.lastActivityMs = this.clock.now();
  }

  get communicationHref(): string {
    return `${this.href}/communication`;
  }

  get meHref(): string {
    return `${this.href}/me`;
  }

  localParticipant(): SimParticipant {
    return { id: this.allocateId(), sip: this.user.sip, name: this.user.name, local: true, inMessaging: false, typing: false };
  }

  /** Queues events under one sender for the event channel. */
  emit(sender: { rel: string; href: string }, events: readonly SimEvent[]): void {
    this.channel.publish(events.map((event) => ({ sender, event })));
  }

  communicationSender(): { rel: string; href: string } {
    return { rel: 'communication', href: this.communicationHref };
  }

  conversationSender(conv: ConversationState): { rel: string; href: string } {
    return { rel: 'conversation', href: conv.href };
  }

  applicationResource(): SimResource {
    return {
      rel: 'application',
      href: this.href,
      properties: { culture: this.input.culture, userAgent: this.input.userAgent, type: 'Browser', endpointId: this.input.endpointId, id: this.id, ...(this.input.instanceId ? { instanceId: this.input.instanceId } : {}) },
      links: [
        { rel: 'batch', href: `${this.href}/batch` },
        { rel: 'events', href: this.channel.firstHref() },
      ],
      embedded: { me: this.meResource(), people: this.people.peopleResource(), onlineMeetings: new MeetingResources(this.href, this.user.sip).onlineMeetingsResource(), communication: this.communicationResource() },
    };
  }

  /** reportMyActivity lives at the application, as the reference's hrefs show, though `me` carries its link. */
  get reportMyActivityHref(): string {
    return `${this.href}/reportMyActivity`;
  }

  /** Before makeMeAvailable only that link; after it, presence, note, location and reportMyActivity (me_ref.md). */
  meResource(): SimResource {
    const links: SimLink[] = this.available
      ? [
          { rel: 'presence', href: `${this.meHref}/presence` },
          { rel: 'note', href: `${this.meHref}/note` },
          { rel: 'location', href: `${this.meHref}/location` },
          { rel: 'reportMyActivity', href: this.reportMyActivityHref },
        ]
      : [{ rel: 'makeMeAvailable', href: `${this.meHref}/makeMeAvailable` }];
    return { rel: 'me', href: this.meHref, properties: { name: this.user.name, uri: this.user.sip, emailAddresses: [this.user.sip.slice(4)] }, links };
  }

  communicationResource(): SimResource {
    return {
      rel: 'communication',
      href: this.communicationHref,
      properties: { [this.putSentinel]: 'please pass this in a PUT request', supportedModalities: ['Messaging', 'Audio', 'Video'], supportedMessageFormats: ['Plain', 'Html'] },
      links: [
        { rel: 'startMessaging', href: `${this.communicationHref}/messagingInvitations` },
        { rel: 'startAudioVideo', href: `${this.communicationHref}/audioVideoInvitations` },
        { rel: 'joinOnlineMeeting', href: `${this.communicationHref}/joinOnlineMeeting` },
        { rel: 'startOnlineMeeting', href: `${this.communicationHref}/startOnlineMeeting` },
        { rel: 'conversations', href: `${this.communicationHref}/conversations?filter=active` },
        { rel: 'conversationLogs', href: this.logs.href },
        { rel: 'missedItems', href: `${this.communicationHref}/missedItems` },
      ],
    };
  }

  conversationsResource(): SimResource {
    return {
      rel: 'conversations',
      href: `${this.communicationHref}/conversations?filter=active`,
      properties: {},
      links: [...this.conversations.values()].map((c) => ({ rel: 'conversation', href: c.href, ...(c.subject ? { title: c.subject } : {}) })),
    };
  }

  missedItemsResource(): SimResource {
    return {
      rel: 'missedItems',
      href: `${this.communicationHref}/missedItems`,
      properties: {
        conversationLogsCount: this.logs.count,
        conversationLogsNotifications: 'Enabled',
        missedConversationsCount: this.missedConversations,
        unreadMissedConversationsCount: this.unreadMissedConversations,
        voiceMailsCount: 0,
        unreadVoicemailsCount: 0,
      },
      links: [],
    };
  }

  /** missedItems `updated` (missedItems_ref.md): its counts changed. */
  missedItemsChanged(): void {
    this.emit(this.communicationSender(), [{ type: 'updated', link: { rel: 'missedItems', href: `${this.communicationHref}/missedItems` }, resource: this.missedItemsResource() }]);
  }

  /**
   * Writes the conversation's log once it ended (Archived, when it ever connected) or was missed
   * (Missed, counted unread in missedItems). The reference documents no conversationLog events:
   * clients learn of a new log from missedItems' `conversationLogsCount`, so that is what changes.
   */
  logConversation(conv: ConversationState, status: LogStatus): void {
    if (this.logged.has(conv) || (status === 'Archived' && !conv.hadMessaging && !conv.callConnected)) return;
    this.logged.add(conv);
    if (status === 'Missed') {
      this.missedConversations++;
      this.unreadMissedConversations++;
    }
    const now = this.clock.now();
    const messages = [...conv.messages.values()].map((m) => ({ timeStampMs: m.timeStampMs, from: m.direction === 'Outgoing' ? null : m.from.sip, message: { text: m.text, html: m.html } }));
    const remote = [...conv.participants.everRemote.keys()][0] ?? null;
    // The clock runs in real milliseconds; a log reports simulated time.
    const duration = (conv.callDurationMs + (conv.callConnectedAtMs === null ? 0 : now - conv.callConnectedAtMs)) / this.clock.timeScale;
    const call = conv.callConnected ? [{ timeStampMs: conv.createdMs, from: conv.direction === 'Outgoing' ? null : remote, audio: { durationMs: duration } }] : [];
    this.logs.add(
      {
        threadId: conv.threadId,
        subject: conv.subject,
        importance: conv.importance,
        direction: conv.direction,
        createdMs: conv.createdMs,
        status,
        type: conv.callOffered ? 'AudioLog' : 'MessageLog',
        modalities: [...(conv.hadMessaging || conv.messages.size > 0 ? ['Messaging'] : []), ...(conv.callOffered ? ['Audio', 'Video'] : [])],
        recipients: [...conv.participants.everRemote].map(([sip, name]) => ({ sip, name })),
        transcripts: [...call, ...messages].sort((a, b) => a.timeStampMs - b.timeStampMs),
      },
      this.allocateId(),
    );
    this.missedItemsChanged();
  }

  newConversation(subject: string, importance: 'Normal' | 'Urgent' | 'Emergency', threadId: string, state: 'Incoming' | 'Connecting'): ConversationState {
    const id = this.allocateId();
    const conv = new ConversationState(id, `${this.communicationHref}/conversations/${id}`, threadId, subject, importance, this.clock.now(), this.localParticipant(), state);
    this.conversations.set(id, conv);
    return conv;
  }

  close(): void {
    this.channel.close();
  }
}

/** A GUID that follows from the application id: the same seed gives the same sentinel every run. */
function guidFrom(id: string): string {
  const hex = createHash('sha1').update(`communication ${id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
