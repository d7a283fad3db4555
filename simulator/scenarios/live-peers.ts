/**
 * Signed-in users talking to each other: when the person invited has an application that made
 * itself available, the invitation rings there instead of at a scripted persona, and from then
 * on each side's messages, typing, and leaving reach the other as the remote party's doings.
 * Two clients against one simulator then see one conversation from both ends.
 */
import type { SimClock } from '../clock.ts';
import type { MessagingFlows } from '../im/messaging-flows.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState } from '../state/conversation.ts';
import type { InvitationState } from '../state/invitation.ts';
import { PeerPairs, type PeerEnd } from './peer-pairs.ts';

/** A client re-sends setIsTyping every few seconds while its user types; silence this long means they stopped. */
const TYPING_LAPSES_MS = 6_000;

export class LivePeers {
  private readonly pairs: PeerPairs<InvitationState>;
  private readonly typingTimers = new Map<ConversationState, () => void>();

  constructor(
    private readonly flows: MessagingFlows,
    private readonly clock: SimClock,
    applications: () => Iterable<ApplicationState>,
  ) {
    this.pairs = new PeerPairs(clock, applications);
  }

  /** Rings the invited user's available application; false when they have none (a persona answers then). */
  invite(caller: ApplicationState, outgoing: InvitationState): boolean {
    const callee = this.pairs.availableApplicationOf(outgoing.remote.sip, caller);
    if (!callee) return false;
    const conv = outgoing.conversation;
    const incoming = this.flows.inviteIncoming(callee, caller.user.sip, {
      subject: conv.subject,
      ...(outgoing.firstMessage ? { text: outgoing.firstMessage.text, html: outgoing.firstMessage.html } : {}),
    });
    this.pairs.ring({ app: caller, inv: outgoing, conv }, { app: callee, inv: incoming, conv: incoming.conversation }, () => {
      this.flows.endIncoming(callee, incoming, 'missed');
      this.flows.outgoingFails(caller, outgoing, { code: 'Informational', subcode: 'TemporarilyUnavailable', message: `${callee.user.name} did not answer.` });
    });
    return true;
  }

  /** Whether this conversation is with another signed-in user. */
  has(conv: ConversationState): boolean {
    return this.pairs.has(conv);
  }

  private otherEnd(conv: ConversationState): PeerEnd<InvitationState> | undefined {
    return this.pairs.other(conv);
  }

  accepted(inv: InvitationState): void {
    const caller = this.otherEnd(inv.conversation);
    // The first message went to the callee with the invitation; it is not sent twice.
    if (caller) this.flows.remoteAccepts(caller.app, caller.inv);
  }

  declined(inv: InvitationState): void {
    const caller = this.otherEnd(inv.conversation);
    if (!caller) return;
    this.flows.outgoingFails(caller.app, caller.inv, { code: 'Informational', subcode: 'Declined', message: `${inv.conversation.local.name} declined the invitation.` });
    this.forget(inv.conversation);
  }

  cancelled(inv: InvitationState): void {
    const callee = this.otherEnd(inv.conversation);
    if (!callee) return;
    this.flows.endIncoming(callee.app, callee.inv, 'cancelled');
    this.forget(inv.conversation);
  }

  said(conv: ConversationState, text: string, html: boolean): void {
    const other = this.otherEnd(conv);
    if (!other) return;
    this.stopTyping(conv);
    this.flows.remoteSays(other.app, other.conv, conv.local.sip, text, html);
  }

  typing(conv: ConversationState): void {
    const other = this.otherEnd(conv);
    if (!other) return;
    this.typingTimers.get(conv)?.();
    this.flows.remoteTyping(other.app, other.conv, conv.local.sip, true);
    this.typingTimers.set(conv, this.clock.after(TYPING_LAPSES_MS, () => this.stopTyping(conv)));
  }

  /** This end stopped messaging or left the conversation: the other end sees them leave. */
  left(conv: ConversationState): void {
    const other = this.otherEnd(conv);
    if (!other) return;
    this.stopTyping(conv);
    if (other.inv.answerable) this.flows.endIncoming(other.app, other.inv, 'cancelled');
    else if (other.inv.cancellable) this.flows.outgoingFails(other.app, other.inv, { code: 'Informational', subcode: 'Canceled', message: `${conv.local.name} is no longer available.` });
    else this.flows.remoteLeaves(other.app, other.conv, conv.local.sip);
    this.forget(conv);
  }

  /** An application expired or was deleted: it leaves every conversation it had with a peer. */
  applicationGone(app: ApplicationState): void {
    for (const self of this.pairs.endsOf(app)) if (this.pairs.has(self.conv)) this.left(self.conv);
  }

  private stopTyping(conv: ConversationState): void {
    this.typingTimers.get(conv)?.();
    this.typingTimers.delete(conv);
    const other = this.otherEnd(conv);
    if (other) this.flows.remoteTyping(other.app, other.conv, conv.local.sip, false);
  }

  private forget(conv: ConversationState): void {
    for (const end of this.pairs.forget(conv)) {
      this.typingTimers.get(end)?.();
      this.typingTimers.delete(end);
    }
  }
}
