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
import { toSip } from '../users.ts';

/** How long a call rings at a signed-in user before both sides call it missed (as an IM invitation: 30 s). */
const RING_MS = 30_000;

interface End {
  readonly app: ApplicationState;
  readonly inv: AudioVideoInvitationState;
  readonly conv: ConversationState;
}

export class LiveCallPeers {
  /** Each end's conversation → both ends, seen from it. */
  private readonly pairs = new Map<ConversationState, { readonly self: End; readonly other: End }>();

  constructor(
    private readonly calls: CallFlows,
    private readonly clock: SimClock,
    private readonly applications: () => Iterable<ApplicationState>,
  ) {}

  /** Rings the called user's available application; false when they have none (a persona answers then). */
  invite(caller: ApplicationState, outgoing: AudioVideoInvitationState): boolean {
    const sip = toSip(outgoing.remote.sip);
    let callee: ApplicationState | undefined;
    for (const app of this.applications()) if (app !== caller && app.available && app.user.sip === sip) callee = app;
    if (!callee) return false;
    const incoming = this.calls.inviteIncoming(callee, caller.user.sip, { subject: outgoing.conversation.subject, offerSdp: outgoing.offerSdp });
    const callerEnd: End = { app: caller, inv: outgoing, conv: outgoing.conversation };
    const calleeEnd: End = { app: callee, inv: incoming, conv: incoming.conversation };
    this.pairs.set(callerEnd.conv, { self: callerEnd, other: calleeEnd });
    this.pairs.set(calleeEnd.conv, { self: calleeEnd, other: callerEnd });
    this.clock.after(RING_MS, () => {
      if (!incoming.answerable) return;
      this.calls.endIncoming(calleeEnd.app, incoming, 'missed');
      this.calls.outgoingFails(caller, outgoing, { code: 'Informational', subcode: 'TemporarilyUnavailable', message: `${calleeEnd.app.user.name} did not answer.` });
      this.forget(callerEnd.conv);
    });
    return true;
  }

  has(conv: ConversationState): boolean {
    return this.pairs.has(conv);
  }

  private otherEnd(conv: ConversationState): End | undefined {
    return this.pairs.get(conv)?.other;
  }

  /** The callee answered with `answerSdp`: the caller's call connects with that very answer. */
  answered(inv: AudioVideoInvitationState, answerSdp: string): void {
    const caller = this.otherEnd(inv.conversation);
    if (caller) this.calls.remoteAnswers(caller.app, caller.inv, answerSdp);
  }

  declined(inv: AudioVideoInvitationState): void {
    const caller = this.otherEnd(inv.conversation);
    if (!caller) return;
    this.calls.outgoingFails(caller.app, caller.inv, { code: 'Informational', subcode: 'Declined', message: `${inv.conversation.local.name} declined the call.` });
    this.forget(inv.conversation);
  }

  cancelled(inv: AudioVideoInvitationState): void {
    const callee = this.otherEnd(inv.conversation);
    if (!callee) return;
    this.calls.endIncoming(callee.app, callee.inv, 'cancelled');
    this.forget(inv.conversation);
  }

  hungUp(conv: ConversationState): void {
    const other = this.otherEnd(conv);
    if (other) this.calls.hangUp(other.app, other.conv);
  }

  renegotiated(conv: ConversationState, offerSdp: string): void {
    const other = this.otherEnd(conv);
    if (other) remoteRenegotiates(other.app, other.conv, offerSdp);
  }

  /** This end left: a call still ringing is cancelled or fails, a connected one ends, and the other end sees them leave. */
  left(conv: ConversationState): void {
    const other = this.otherEnd(conv);
    if (!other) return;
    if (other.inv.answerable) this.calls.endIncoming(other.app, other.inv, 'cancelled');
    else if (other.inv.direction === 'Outgoing' && other.inv.state === 'Connecting') this.calls.outgoingFails(other.app, other.inv, { code: 'Informational', subcode: 'Canceled', message: `${conv.local.name} is no longer available.` });
    else this.calls.remoteLeaves(other.app, other.conv, conv.local.sip);
    this.forget(conv);
  }

  applicationGone(app: ApplicationState): void {
    for (const { self } of [...this.pairs.values()]) if (self.app === app && this.pairs.has(self.conv)) this.left(self.conv);
  }

  private forget(conv: ConversationState): void {
    const other = this.otherEnd(conv);
    this.pairs.delete(conv);
    if (other) this.pairs.delete(other.conv);
  }
}
