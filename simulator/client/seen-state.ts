/**
 * What a UCWA client saw, built from the events it received (and the requests it made): its
 * conversations with their states, participants, typing and messages, its invitations, missed
 * items and the ordered log of events. This is what scenario tests compare with expectations.
 */
import { decodeDataUri } from '../../protocol/data-uri.ts';
import type { UcwaEvent } from '../../protocol/event.ts';
import { firstLink, type UcwaResource } from '../../protocol/resource.ts';
import { readNumber, readString } from '../../protocol/views/read-fields.ts';

export interface SeenMessage {
  href: string | null;
  readonly direction: 'Incoming' | 'Outgoing';
  /** `local` for the signed-in user, else the sender's SIP address (or participant href when unknown). */
  from: string;
  text: string | null;
  html: boolean;
  status: string | null;
}

export interface SeenConversation {
  readonly href: string;
  direction: 'Incoming' | 'Outgoing' | null;
  subject: string;
  /** Every state the conversation reported, in order, without repeats. */
  readonly states: string[];
  readonly messagingStates: string[];
  /** Every state the audioVideo modality reported, in order, without repeats. */
  readonly audioVideoStates: string[];
  /** Every state the call's audioVideoSession reported (Established, Suspended on hold), in order, without repeats. */
  readonly sessionStates: string[];
  /** Remote participants present now: href → SIP address. */
  readonly participants: Map<string, string>;
  readonly joined: string[];
  readonly left: string[];
  readonly typingStarted: string[];
  readonly typingNow: Set<string>;
  readonly messages: SeenMessage[];
  readonly links: Map<string, string>;
  ended: boolean;
}

export interface SeenInvitation {
  readonly href: string;
  /** `messagingInvitation`, `audioVideoInvitation` or `onlineMeetingInvitation`. */
  rel: string;
  direction: 'Incoming' | 'Outgoing';
  state: string;
  from: string | null;
  conversationHref: string | null;
  readonly links: Map<string, string>;
  firstMessage: string | null;
  outcome: 'Success' | 'Failure' | null;
  answered: boolean;
  /** A call's SDP offer and answer, as the server carried them (data: links). */
  mediaOffer: string | null;
  mediaAnswer: string | null;
  sessionContext: string | null;
}

export interface SeenEvent {
  readonly type: string;
  readonly rel: string;
  readonly href: string;
  readonly in?: string;
  readonly sender: string;
}

export class SeenState {
  readonly conversations = new Map<string, SeenConversation>();
  readonly invitations = new Map<string, SeenInvitation>();
  readonly events: SeenEvent[] = [];
  missedConversations = 0;
  /** Participant href → SIP address, across conversations (typing and message events carry only the href). */
  private readonly addresses = new Map<string, string>();
  private readonly localHrefs = new Set<string>();
  /** audioVideoSession href → its conversation (a `deleted` event embeds nothing to say it). */
  private readonly sessionConversations = new Map<string, string>();

  conversation(href: string): SeenConversation {
    let conv = this.conversations.get(href);
    if (!conv) {
      conv = { href, direction: null, subject: '', states: [], messagingStates: [], audioVideoStates: [], sessionStates: [], participants: new Map(), joined: [], left: [], typingStarted: [], typingNow: new Set(), messages: [], links: new Map(), ended: false };
      this.conversations.set(href, conv);
    }
    return conv;
  }

  /** Records a message as the client sends it (before the 201), so the event that completes it finds its text. */
  noteSending(conversationHref: string, text: string, html: boolean): SeenMessage {
    const message: SeenMessage = { href: null, direction: 'Outgoing', from: 'local', text, html, status: null };
    this.conversation(conversationHref).messages.push(message);
    return message;
  }

  apply(event: UcwaEvent): void {
    this.events.push({ type: event.type, rel: event.link.rel, href: event.link.href, ...(event.in ? { in: event.in.rel } : {}), sender: event.sender.rel });
    const resource = event.embedded[event.link.rel]?.[0];
    switch (event.link.rel) {
      case 'messagingInvitation':
      case 'audioVideoInvitation':
      case 'onlineMeetingInvitation':
        return this.onInvitation(event, resource);
      case 'audioVideoNegotiation':
        return this.onNegotiation(event, resource);
      case 'audioVideo':
        return this.onAudioVideo(event, resource);
      case 'audioVideoSession':
        return this.onSession(event, resource);
      case 'conversation':
        return this.onConversation(event, resource);
      case 'localParticipant':
        this.localHrefs.add(event.link.href);
        return;
      case 'participant':
        return this.onParticipant(event, resource);
      case 'messaging':
        return this.onMessaging(event, resource);
      case 'message':
        return this.onMessage(event, resource);
      case 'missedItems':
        if (resource) this.missedConversations = readNumber(resource, 'missedConversationsCount') ?? this.missedConversations;
        return;
      default:
        return;
    }
  }

  private conversationOf(event: UcwaEvent, resource: UcwaResource | undefined): SeenConversation | undefined {
    const href = event.sender.rel === 'conversation' ? event.sender.href : resource ? firstLink(resource, 'conversation')?.href : undefined;
    return href ? this.conversation(href) : undefined;
  }

  private onInvitation(event: UcwaEvent, resource: UcwaResource | undefined): void {
    let inv = this.invitations.get(event.link.href);
    if (!inv) {
      inv = { href: event.link.href, rel: event.link.rel, direction: 'Outgoing', state: 'Connecting', from: null, conversationHref: null, links: new Map(), firstMessage: null, outcome: null, answered: false, mediaOffer: null, mediaAnswer: null, sessionContext: null };
      this.invitations.set(inv.href, inv);
    }
    if (resource) {
      inv.direction = readString(resource, 'direction') === 'Incoming' ? 'Incoming' : 'Outgoing';
      inv.state = readString(resource, 'state') ?? inv.state;
      inv.links.clear();
      for (const [rel, list] of Object.entries(resource.links)) if (list[0]) inv.links.set(rel, list[0].href);
      inv.conversationHref = inv.links.get('conversation') ?? inv.conversationHref;
      const from = resource.embedded['from']?.[0];
      if (from) inv.from = readString(from, 'uri') ?? inv.from;
      inv.sessionContext = readString(resource, 'sessionContext') ?? inv.sessionContext;
      inv.mediaOffer = sdpOf(inv.links.get('mediaOffer')) ?? inv.mediaOffer;
      const message = inv.links.get('message');
      if (message) {
        const decoded = decodeDataUri(message);
        if (decoded.ok) inv.firstMessage = decoded.text;
      }
      if (inv.conversationHref) {
        const conv = this.conversation(inv.conversationHref);
        conv.direction ??= inv.direction;
      }
    }
    if (event.type === 'completed') inv.outcome = event.status === 'Success' ? 'Success' : 'Failure';
    // audio/video and meeting invitations have no `completed` event: their state says when they ended, and how.
    else if (inv.rel !== 'messagingInvitation' && inv.state !== 'Connecting') inv.outcome = inv.state === 'Connected' ? 'Success' : 'Failure';
  }

  /** audioVideoNegotiation comes from the invitation (its sender) and carries the answer to the offer. */
  private onNegotiation(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const inv = this.invitations.get(event.sender.href) ?? (resource ? this.invitations.get(firstLink(resource, 'audioVideoInvitation')?.href ?? '') : undefined);
    if (inv && resource) inv.mediaAnswer = sdpOf(firstLink(resource, 'mediaAnswer')?.href) ?? inv.mediaAnswer;
  }

  private onAudioVideo(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const conv = this.conversationOf(event, resource);
    if (!conv || !resource) return;
    const state = readString(resource, 'state');
    if (state && conv.audioVideoStates.at(-1) !== state) conv.audioVideoStates.push(state);
    for (const rel of ['stopAudioVideo', 'audioVideoSession']) {
      const link = firstLink(resource, rel);
      if (link) conv.links.set(rel, link.href);
      else conv.links.delete(rel);
    }
  }

  /** audioVideoSession comes from communication; its conversation link says whose it is. */
  private onSession(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const href = resource ? firstLink(resource, 'conversation')?.href : undefined;
    if (href) this.sessionConversations.set(event.link.href, href);
    const convHref = href ?? this.sessionConversations.get(event.link.href);
    if (!convHref) return;
    const conv = this.conversation(convHref);
    const state = event.type === 'deleted' ? 'Deleted' : resource ? readString(resource, 'state') : undefined;
    if (state && conv.sessionStates.at(-1) !== state) conv.sessionStates.push(state);
  }

  private onConversation(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const conv = this.conversation(event.link.href);
    if (event.type === 'deleted') {
      conv.ended = true;
      return;
    }
    if (!resource) return;
    conv.subject = readString(resource, 'subject') ?? conv.subject;
    const state = readString(resource, 'state');
    if (state && conv.states.at(-1) !== state) conv.states.push(state);
    for (const [rel, list] of Object.entries(resource.links)) if (list[0]) conv.links.set(rel, list[0].href);
  }

  private onParticipant(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const conv = this.conversationOf(event, resource);
    if (!conv) return;
    const href = event.link.href;
    if (resource) {
      const uri = readString(resource, 'uri');
      if (uri) this.addresses.set(href, uri);
      if (resource.properties['local'] === true) this.localHrefs.add(href);
    }
    if (this.localHrefs.has(href)) return;
    const who = this.addresses.get(href) ?? href;
    if (event.in?.rel === 'typingParticipants') {
      if (event.type === 'added') {
        conv.typingNow.add(who);
        if (!conv.typingStarted.includes(who)) conv.typingStarted.push(who);
      } else conv.typingNow.delete(who);
      return;
    }
    if (event.type === 'added' && !conv.participants.has(href)) {
      conv.participants.set(href, who);
      conv.joined.push(who);
    } else if (event.type === 'deleted' && conv.participants.delete(href)) conv.left.push(who);
  }

  private onMessaging(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const href = event.sender.rel === 'conversation' ? event.sender.href : resource ? firstLink(resource, 'conversation')?.href : undefined;
    if (!href || !resource) return;
    const conv = this.conversation(href);
    const state = readString(resource, 'state');
    if (state && conv.messagingStates.at(-1) !== state) conv.messagingStates.push(state);
    for (const rel of ['sendMessage', 'setIsTyping', 'stopMessaging', 'typingParticipants', 'addMessaging']) {
      const link = firstLink(resource, rel);
      if (link) conv.links.set(rel, link.href);
      else conv.links.delete(rel);
    }
  }

  private onMessage(event: UcwaEvent, resource: UcwaResource | undefined): void {
    const conv = this.conversationOf(event, resource);
    if (!conv || event.type !== 'completed') return;
    const direction = resource && readString(resource, 'direction') === 'Incoming' ? 'Incoming' : 'Outgoing';
    const status = resource ? (readString(resource, 'status') ?? null) : null;
    if (direction === 'Outgoing') {
      const sent = conv.messages.find((m) => m.href === event.link.href) ?? conv.messages.find((m) => m.direction === 'Outgoing' && m.href === null);
      if (sent) {
        sent.href = event.link.href;
        sent.status = status;
      } else conv.messages.push({ href: event.link.href, direction, from: 'local', text: null, html: false, status });
      return;
    }
    const text = resource ? (firstLink(resource, 'plainMessage') ?? firstLink(resource, 'htmlMessage')) : undefined;
    const decoded = text ? decodeDataUri(text.href) : undefined;
    const sender = resource ? firstLink(resource, 'participant')?.href : undefined;
    conv.messages.push({
      href: event.link.href,
      direction,
      from: sender ? (this.addresses.get(sender) ?? sender) : 'unknown',
      text: decoded?.ok ? decoded.text : null,
      html: text?.rel === 'htmlMessage',
      status,
    });
  }
}

function sdpOf(href: string | undefined): string | null {
  if (href === undefined) return null;
  const decoded = decodeDataUri(href);
  return decoded.ok ? decoded.text : null;
}
