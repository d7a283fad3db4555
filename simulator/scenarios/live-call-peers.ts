/**
 * Calls between signed-in users: when the person called has an application that made itself
 * available, the audioVideoInvitation rings there (acceptWithAnswer, decline) instead of at a
 * persona. The SDP offer and answer pass through as sent; answering, declining, cancelling,
 * holding, resuming, hanging up and leaving reach the other end as the remote party's doings.
 */
import type { CallFlows } from '../calls/call-flows.ts';
import { remoteRenegotiates } from '../calls/hold-flows.ts';
import type { SimClock } from '../clock.ts';
import type { ApplicationState } from '../state/application.ts';
import type { AudioVideoInvitationState } from '../state/audio-video-invitation.ts';
import type { ConversationState } from '../state/conversation.ts';
import { PeerPairs } from './peer-pairs.ts';

export class LiveCallPeers {
  private readonly pairs: PeerPairs<AudioVideoInvitationState>;

  constructor(
    private readonly calls: CallFlows,
    clock: SimClock,
    applications: () => Iterable<ApplicationState>,
  ) {
    this.pairs = new PeerPairs(clock, applications);
  }

  /** Rings the called user's available application; false when they have none (a persona answers then). */
  invite(caller: ApplicationState, outgoing: AudioVideoInvitationState): boolean {
    const callee = this.pairs.availableApplicationOf(outgoing.remote.sip, caller);
    if (!callee) return false;
    const incoming = this.calls.inviteIncoming(callee, caller.user.sip, { subject: outgoing.conversation.subject, offerSdp: outgoing.offerSdp });
    this.pairs.ring({ app: caller, inv: outgoing, conv: outgoing.conversation }, { app: callee, inv: incoming, conv: incoming.conversation }, () => {
      this.calls.endIncoming(callee, incoming, 'missed');
      this.calls.outgoingFails(caller, outgoing, { code: 'Informational', subcode: 'TemporarilyUnavailable', message: `${callee.user.name} did not answer.` });
    });
    return true;
  }

  /** The callee answered with `answerSdp`: the caller's call connects with that very answer. */
  answered(inv: AudioVideoInvitationState, answerSdp: string): void {
    const caller = this.pairs.other(inv.conversation);
    if (caller) this.calls.remoteAnswers(caller.app, caller.inv, answerSdp);
  }

  declined(inv: AudioVideoInvitationState): void {
    const caller = this.pairs.other(inv.conversation);
    if (!caller) return;
    this.calls.outgoingFails(caller.app, caller.inv, { code: 'Informational', subcode: 'Declined', message: `${inv.conversation.local.name} declined the call.` });
    this.pairs.forget(inv.conversation);
  }

  cancelled(inv: AudioVideoInvitationState): void {
    const callee = this.pairs.other(inv.conversation);
    if (!callee) return;
    this.calls.endIncoming(callee.app, callee.inv, 'cancelled');
    this.pairs.forget(inv.conversation);
  }

  hungUp(conv: ConversationState): void {
    const other = this.pairs.other(conv);
    if (other) this.calls.hangUp(other.app, other.conv);
  }

  renegotiated(conv: ConversationState, offerSdp: string): void {
    const other = this.pairs.other(conv);
    if (other) remoteRenegotiates(other.app, other.conv, offerSdp);
  }

  /** This end left: a call still ringing is cancelled or fails, a connected one ends, and the other end sees them leave. */
  left(conv: ConversationState): void {
    const other = this.pairs.other(conv);
    if (!other) return;
    if (other.inv.answerable) this.calls.endIncoming(other.app, other.inv, 'cancelled');
    else if (other.inv.cancellable) this.calls.outgoingFails(other.app, other.inv, { code: 'Informational', subcode: 'Canceled', message: `${conv.local.name} is no longer available.` });
    else this.calls.remoteLeaves(other.app, other.conv, conv.local.sip);
    this.pairs.forget(conv);
  }

  applicationGone(app: ApplicationState): void {
    for (const self of this.pairs.endsOf(app)) if (this.pairs.has(self.conv)) this.left(self.conv);
  }
}
