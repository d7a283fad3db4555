/**
 * The other side of every conversation: a signed-in user's available application when the person
 * invited has one (live-peers.ts), else echo@contoso.com (accepts within a second, says back
 * each message), the other built-in users (accept and stay quiet), unknown addresses (the
 * invitation fails); and the scenario's script, run once per application that makes itself
 * available.
 */
import type { CallFlows } from '../calls/call-flows.ts';
import type { SimClock } from '../clock.ts';
import type { MessagingFlows } from '../im/messaging-flows.ts';
import type { MeetingFlows } from '../meetings/meeting-flows.ts';
import type { ApplicationState } from '../state/application.ts';
import type { AudioVideoInvitationState } from '../state/audio-video-invitation.ts';
import type { ConversationState } from '../state/conversation.ts';
import type { InvitationState } from '../state/invitation.ts';
import type { PresenceBoard } from '../state/presence-board.ts';
import { ECHO_SIP, findUser, toSip, type SimUser } from '../users.ts';
import { LiveCallPeers } from './live-call-peers.ts';
import { LivePeers } from './live-peers.ts';
import type { RemoteStep, Scenario } from './scenario.ts';

const ECHO = ECHO_SIP;
/** How long an incoming invitation rings before it is missed, when the scenario does not say (message_ref.md: 30 s). */
const DEFAULT_MISS_AFTER_MS = 30_000;

/** How long a persona takes to accept an invitation: echo answers at once, the others in under a second. */
function acceptDelayMs(address: string): number {
  return toSip(address) === ECHO ? 400 : 900;
}

/** A persona's SDP (offer or answer): opaque to the simulator, plausible to a client that logs it. */
function personaSdp(sip: string, sessionId: number): string {
  const user = toSip(sip).slice(4).split('@')[0] ?? 'persona';
  return ['v=0', `o=${user} ${sessionId} 1 IN IP4 127.0.0.1`, 's=session', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 50000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv', 'm=video 50002 RTP/AVP 122', 'a=rtpmap:122 X-H264UC/90000', 'a=sendrecv', ''].join('\r\n');
}

type Signal =
  | { kind: 'accepted'; conv: ConversationState }
  | { kind: 'message'; conv: ConversationState; text: string }
  | { kind: 'subscribed'; conv: null }
  | { kind: 'presenceRead'; conv: null; sip: string }
  | { kind: 'joinedMeeting'; conv: null; meeting: ConversationState };

class ScriptRun {
  private current: { conv: ConversationState } | null = null;
  private readonly signals: Signal[] = [];
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly app: ApplicationState,
    private readonly flows: MessagingFlows,
    private readonly calls: CallFlows,
    private readonly meetings: MeetingFlows,
    private readonly clock: SimClock,
    private readonly board: PresenceBoard,
  ) {}

  signal(signal: Signal): void {
    this.signals.push(signal);
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  async run(steps: readonly RemoteStep[]): Promise<void> {
    for (const step of steps) {
      if (this.stopped) return;
      await this.perform(step);
    }
  }

  /** Waits for a signal about the current conversation that `matches`, consuming older ones. */
  private async waitFor(matches: (s: Signal) => boolean): Promise<Signal | null> {
    for (;;) {
      if (this.stopped) return null;
      const index = this.signals.findIndex((s) => (s.conv === null || s.conv === this.current?.conv) && matches(s));
      if (index >= 0) {
        return this.signals.splice(0, index + 1).at(-1) ?? null;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private async perform(step: RemoteStep): Promise<void> {
    const { app, flows } = this;
    if ('wait' in step) {
      if (step.wait === 'ms') await this.clock.sleep(step.ms);
      else if (step.wait === 'subscribed') await this.waitFor((s) => s.kind === 'subscribed');
      else if (step.wait === 'presenceRead') await this.waitFor((s) => s.kind === 'presenceRead' && s.sip === toSip(step.of));
      else if (step.wait === 'accepted') await this.waitFor((s) => s.kind === 'accepted');
      else if (step.wait === 'message') await this.waitFor((s) => s.kind === 'message' && (step.text === undefined || s.text === step.text));
      else if (step.wait === 'joinedMeeting') {
        const joined = await this.waitFor((s) => s.kind === 'joinedMeeting');
        if (joined?.kind === 'joinedMeeting') this.current = { conv: joined.meeting };
      }
      return; // 'available' has passed: the script starts then
    }
    if (step.do === 'invite') {
      const inv = flows.inviteIncoming(app, step.from, { subject: step.subject, text: step.text, ...(step.others ? { others: step.others } : {}) });
      this.current = { conv: inv.conversation };
      this.clock.after(step.missAfterMs ?? DEFAULT_MISS_AFTER_MS, () => flows.endIncoming(app, inv, 'missed'));
      return;
    }
    if (step.do === 'call') {
      const inv = this.calls.inviteIncoming(app, step.from, { subject: step.subject, offerSdp: personaSdp(step.from, app.allocateId()) });
      this.current = { conv: inv.conversation };
      this.clock.after(step.missAfterMs ?? DEFAULT_MISS_AFTER_MS, () => this.calls.endIncoming(app, inv, 'missed'));
      return;
    }
    if (step.do === 'presence') return this.board.script(toSip(step.who), step.availability);
    const conv = this.current?.conv;
    if (!conv || !app.conversations.has(conv.id)) return;
    if (step.do === 'enterMeeting') this.meetings.attendeeEnters(app, conv, step.who);
    else if (step.do === 'type') {
      flows.remoteTyping(app, conv, step.who, true);
      await this.clock.sleep(step.ms);
    } else if (step.do === 'say') flows.remoteSays(app, conv, step.who, step.text, step.html ?? false);
    else flows.remoteLeaves(app, conv, step.who);
  }
}

export class RemoteParties {
  private readonly runs = new Map<ApplicationState, ScriptRun>();
  private readonly peers: LivePeers;
  private readonly callPeers: LiveCallPeers;

  constructor(
    private readonly flows: MessagingFlows,
    private readonly calls: CallFlows,
    private readonly meetings: MeetingFlows,
    private readonly clock: SimClock,
    private readonly users: readonly SimUser[],
    private readonly scenario: Scenario | null,
    private readonly board: PresenceBoard,
    applications: () => Iterable<ApplicationState>,
  ) {
    this.peers = new LivePeers(flows, clock, applications);
    this.callPeers = new LiveCallPeers(calls, clock, applications);
  }

  onAvailable(app: ApplicationState): void {
    // The scenario's peer is a signed-in user, not someone the script talks to.
    if (!this.scenario || this.runs.has(app) || (this.scenario.peer && toSip(this.scenario.peer.user) === app.user.sip)) return;
    const run = new ScriptRun(app, this.flows, this.calls, this.meetings, this.clock, this.board);
    this.runs.set(app, run);
    void run.run(this.scenario.remote);
  }

  /** The local user's IM in a meeting connected: a script waiting for that takes the meeting as its conversation. */
  onMeetingMessaging(app: ApplicationState, conv: ConversationState): void {
    if (conv.messagingState === 'Connected') this.runs.get(app)?.signal({ kind: 'joinedMeeting', conv: null, meeting: conv });
  }

  onSubscribed(app: ApplicationState): void {
    this.runs.get(app)?.signal({ kind: 'subscribed', conv: null });
  }

  /** The local user read a contact's presence: a persona's script may wait for that before changing again. */
  onPresenceRead(app: ApplicationState, sip: string): void {
    this.runs.get(app)?.signal({ kind: 'presenceRead', conv: null, sip });
  }

  onApplicationGone(app: ApplicationState): void {
    this.meetings.roster.applicationGone(app);
    this.runs.get(app)?.stop();
    this.runs.delete(app);
    this.peers.applicationGone(app);
    this.callPeers.applicationGone(app);
  }

  onOutgoingInvitation(app: ApplicationState, inv: InvitationState): void {
    if (this.peers.invite(app, inv)) return;
    const to = toSip(inv.remote.sip);
    if (!findUser(this.users, to)) {
      this.clock.after(300, () => this.flows.outgoingFails(app, inv, { code: 'NotFound', subcode: 'DestinationNotFound', message: `Nobody is reachable at ${to}.` }));
      return;
    }
    this.clock.after(acceptDelayMs(to), () => {
      this.flows.remoteAccepts(app, inv);
      if (inv.firstMessage && inv.state === 'Connected') this.onLocalMessage(app, inv.conversation, inv.firstMessage.text, inv.firstMessage.html);
    });
  }

  /** A call to a persona: echo and the other built-in users answer (echo at once), unknown addresses fail. */
  onOutgoingCall(app: ApplicationState, inv: AudioVideoInvitationState): void {
    if (this.callPeers.invite(app, inv)) return;
    const to = toSip(inv.remote.sip);
    if (!findUser(this.users, to)) {
      this.clock.after(300, () => this.calls.outgoingFails(app, inv, { code: 'NotFound', subcode: 'DestinationNotFound', message: `Nobody is reachable at ${to}.` }));
      return;
    }
    this.clock.after(acceptDelayMs(to), () => this.calls.remoteAnswers(app, inv, personaSdp(to, inv.id)));
  }

  /** The local user added messaging back to a conversation: the remote party takes it up as it accepted the first time. */
  onAddMessaging(app: ApplicationState, inv: InvitationState): void {
    this.clock.after(acceptDelayMs(inv.remote.sip), () => {
      this.flows.remoteRejoinsMessaging(app, inv);
      if (inv.firstMessage && inv.state === 'Connected') this.onLocalMessage(app, inv.conversation, inv.firstMessage.text, inv.firstMessage.html);
    });
  }

  onLocalAccepted(app: ApplicationState, inv: InvitationState): void {
    if (this.peers.has(inv.conversation)) return this.peers.accepted(inv);
    this.runs.get(app)?.signal({ kind: 'accepted', conv: inv.conversation });
  }

  onLocalDeclined(inv: InvitationState): void {
    this.peers.declined(inv);
  }

  onLocalCancelled(inv: InvitationState): void {
    this.peers.cancelled(inv);
  }

  onLocalTyping(conv: ConversationState): void {
    this.peers.typing(conv);
  }

  /** The local user stopped messaging or left the conversation. */
  onLocalLeft(conv: ConversationState): void {
    this.meetings.roster.left(conv);
    this.peers.left(conv);
  }

  /** The local user left a conversation: a peer in a call with them sees them go. */
  onLocalLeftCall(conv: ConversationState): void {
    this.callPeers.left(conv);
  }

  onLocalAnsweredCall(inv: AudioVideoInvitationState, answerSdp: string): void {
    this.callPeers.answered(inv, answerSdp);
  }

  onLocalDeclinedCall(inv: AudioVideoInvitationState): void {
    this.callPeers.declined(inv);
  }

  onLocalCancelledCall(inv: AudioVideoInvitationState): void {
    this.callPeers.cancelled(inv);
  }

  onLocalHungUp(conv: ConversationState): void {
    this.callPeers.hungUp(conv);
  }

  /** The local user renegotiated a call (hold, resume): a peer's session follows. */
  onLocalRenegotiated(conv: ConversationState, offerSdp: string): void {
    this.callPeers.renegotiated(conv, offerSdp);
  }

  onLocalMessage(app: ApplicationState, conv: ConversationState, text: string, html: boolean): void {
    if (conv.meetingId !== null) this.meetings.roster.relay(app, conv, text, html);
    if (this.peers.has(conv)) return this.peers.said(conv, text, html);
    this.runs.get(app)?.signal({ kind: 'message', conv, text });
    if (!conv.findParticipant(ECHO)) return;
    this.clock.after(150, () => {
      if (!app.conversations.has(conv.id)) return;
      this.flows.remoteTyping(app, conv, ECHO, true);
      this.clock.after(450, () => {
        if (app.conversations.has(conv.id)) this.flows.remoteSays(app, conv, ECHO, text, html);
      });
    });
  }
}
