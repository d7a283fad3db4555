/**
 * Plays the local user's side of a scenario with a UcwaClient and reports what the client saw,
 * in the shape of the scenario's expectations, so the same scenario can be checked against the
 * simulator, through the recording proxy, or against a replay.
 */
import type { ExpectedConversation, LocalStep, Scenario } from '../scenarios/scenario.ts';
import { toSip } from '../users.ts';
import { DEFAULT_PASSWORD } from '../users.ts';
import { isHistoryStep, playHistoryStep } from './history-steps.ts';
import type { MeetingView } from './meeting-actions.ts';
import type { SeenConversation } from './seen-state.ts';
import { UcwaClient, UcwaClientError, type UcwaClientOptions } from './ucwa-client.ts';

export interface ScenarioOutcome {
  /** The conversations the local user took part in, in the order they started. */
  readonly conversations: readonly ExpectedConversation[];
  readonly missedConversations: number;
  /** The raw view, for tests that look closer. */
  readonly seen: readonly SeenConversation[];
}

export function summarize(conv: SeenConversation): ExpectedConversation {
  return {
    direction: conv.direction ?? 'Outgoing',
    participants: [...new Set(conv.joined)],
    left: [...conv.left],
    typing: [...conv.typingStarted],
    messages: conv.messages.map((m) => ({ from: m.from, text: m.text ?? '' })),
  };
}

/** The SDP the scripted local user offers or answers: opaque, but shaped like a real client's. */
function localSdp(peer: string): string {
  return ['v=0', `o=- ${toSip(peer).length} 1 IN IP4 127.0.0.1`, 's=session', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 40000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
}

class ScenarioPlayer {
  private current: string | null = null;
  /** The meeting the last scheduleMeeting made (as last read or updated). */
  private meeting: MeetingView | null = null;
  readonly touched: string[] = [];
  /** How many presence events about each contact were read already. */
  private readonly presenceReads = new Map<string, number>();

  constructor(
    private readonly client: UcwaClient,
    private readonly timeoutMs: number,
  ) {}

  private conversation(step: LocalStep): string {
    if (!this.current) throw new UcwaClientError(`step ${step.do} needs a conversation; start or accept one first`);
    return this.current;
  }

  private currentMeeting(step: LocalStep): MeetingView {
    if (!this.meeting) throw new UcwaClientError(`step ${step.do} needs a meeting; schedule one first`);
    return this.meeting;
  }

  private waitConnected(href: string): Promise<true> {
    return this.client.waitFor(() => this.client.seen.conversation(href).links.has('sendMessage') || undefined, `messaging to connect in ${href}`, this.timeoutMs);
  }

  /**
   * The next unanswered invitation from `from` still offering `accept` (`acceptWithAnswer` for a
   * call). `ringing: false` also takes one that ended already: a short ring and a slow poll bring
   * its start and its end in one batch, and a step that lets it ring needs no answer link.
   */
  private incoming(from: string, rel: string, accept: string, ringing = true) {
    const sip = toSip(from);
    return this.client.waitFor(() => [...this.client.seen.invitations.values()].find((i) => i.rel === rel && i.direction === 'Incoming' && !i.answered && i.from === sip && (!ringing || i.links.has(accept))), `${rel === 'audioVideoInvitation' ? 'a call' : 'an invitation'} from ${sip}`, this.timeoutMs);
  }

  private incomingCall(from: string, ringing = true) {
    return this.incoming(from, 'audioVideoInvitation', 'acceptWithAnswer', ringing);
  }

  private waitForCall(href: string, state: string): Promise<true> {
    return this.client.waitFor(() => this.client.seen.conversation(href).audioVideoStates.at(-1) === state || undefined, `the call in ${href} to be ${state}`, this.timeoutMs);
  }

  /** Reads `who`'s presence after each contactPresence event about them, until it says `availability`. */
  private async waitForPresence(who: string, availability: string): Promise<void> {
    const address = toSip(who).slice(4);
    const about = () => this.client.seen.events.filter((e) => e.rel === 'contactPresence' && e.href.includes(`/${address}/`));
    for (;;) {
      const read = this.presenceReads.get(address) ?? 0;
      const event = await this.client.waitFor(() => about()[read], `a presence change of ${address}`, this.timeoutMs);
      this.presenceReads.set(address, read + 1);
      if ((await this.client.read(event.href)).properties['availability'] === availability) return;
    }
  }

  async play(step: LocalStep): Promise<void> {
    const { client } = this;
    if (isHistoryStep(step)) {
      const href = () => this.conversation(step);
      // A renegotiation offers the SDP the call started with, to the first remote party.
      const sdp = () => localSdp([...client.seen.conversation(href()).participants.values()][0] ?? '');
      return playHistoryStep(client, step, href, sdp, this.timeoutMs);
    }
    switch (step.do) {
      case 'startConversation': {
        this.current = await client.startConversation(step.to, { ...(step.subject ? { subject: step.subject } : {}), ...(step.message ? { message: step.message } : {}) });
        this.touched.push(this.current);
        await this.waitConnected(this.current);
        return;
      }
      case 'send': {
        const href = this.conversation(step);
        await this.waitConnected(href);
        await client.sendMessage(href, step.text, { html: step.html ?? false });
        return;
      }
      case 'setTyping':
        await client.setTyping(this.conversation(step));
        return;
      case 'waitForMessage': {
        const href = this.conversation(step);
        const sip = toSip(step.from);
        await client.waitFor(() => client.seen.conversation(href).messages.some((m) => m.direction === 'Incoming' && m.from === sip && m.text === step.text), `"${step.text}" from ${sip}`, this.timeoutMs);
        return;
      }
      case 'acceptIncoming': {
        const inv = await this.incoming(step.from, 'messagingInvitation', 'accept');
        this.current = await client.accept(inv.href);
        this.touched.push(this.current);
        await this.waitConnected(this.current);
        return;
      }
      case 'declineIncoming': {
        const inv = await this.incoming(step.from, 'messagingInvitation', 'accept');
        await client.decline(inv.href);
        return;
      }
      case 'ignoreIncoming': {
        const inv = await this.incoming(step.from, 'messagingInvitation', 'accept', false);
        inv.answered = true;
        await client.waitFor(() => inv.outcome !== null, `the unanswered invitation from ${step.from} to end`, this.timeoutMs);
        return;
      }
      case 'waitForParticipantLeft': {
        const href = this.conversation(step);
        const sip = toSip(step.who);
        await client.waitFor(() => client.seen.conversation(href).left.includes(sip), `${sip} to leave`, this.timeoutMs);
        return;
      }
      case 'waitForMissedItems':
        await client.waitFor(() => client.seen.missedConversations >= step.count, `${step.count} missed conversation(s)`, this.timeoutMs);
        return;
      case 'subscribePresence':
        await client.presence.subscribe(step.to, 10);
        return;
      case 'waitForPresence':
        await this.waitForPresence(step.who, step.availability);
        return;
      case 'batchPresence': {
        const answers = await client.batchGet(await client.presence.contactPresenceHrefs(step.of));
        const failed = answers.findIndex((a) => a.status !== 200 || a.body.kind !== 'resource');
        if (failed >= 0) throw new UcwaClientError(`batch part ${failed + 1} (${step.of[failed]}) answered ${answers[failed]?.status}`);
        return;
      }
      case 'call':
        this.current = await client.calls.start(step.to, localSdp(step.to), { ...(step.subject ? { subject: step.subject } : {}) });
        this.touched.push(this.current);
        await this.waitForCall(this.current, 'Connected');
        return;
      case 'hangUp': {
        const href = this.conversation(step);
        await client.calls.hangUp(href);
        await this.waitForCall(href, 'Disconnected');
        return;
      }
      case 'answerCall': {
        const inv = await this.incomingCall(step.from);
        this.current = await client.calls.answer(inv.href, localSdp(step.from));
        this.touched.push(this.current);
        await this.waitForCall(this.current, 'Connected');
        return;
      }
      case 'ignoreCall': {
        const inv = await this.incomingCall(step.from, false);
        inv.answered = true;
        await client.waitFor(() => inv.outcome !== null, `the unanswered call from ${step.from} to end`, this.timeoutMs);
        return;
      }
      case 'waitForCallState':
        await this.waitForCall(this.conversation(step), step.state);
        return;
      case 'declineCall': {
        const inv = await this.incomingCall(step.from);
        await client.decline(inv.href);
        await client.waitFor(() => inv.outcome !== null, `the declined call from ${step.from} to end`, this.timeoutMs);
        return;
      }
      case 'scheduleMeeting': {
        const meeting = await client.meetings.schedule({ subject: step.subject, attendees: step.attendees, accessLevel: 'Invited' });
        if (!(await client.meetings.list()).some((m) => m.href === meeting.href)) throw new UcwaClientError(`the new meeting ${meeting.href} is not among myOnlineMeetings`);
        this.meeting = meeting;
        return;
      }
      case 'updateMeeting': {
        const read = await client.meetings.read(this.currentMeeting(step).href);
        this.meeting = await client.meetings.update(read, { ...(step.subject !== undefined ? { subject: step.subject } : {}), ...(step.attendees ? { attendees: step.attendees } : {}) });
        return;
      }
      case 'joinMeeting': {
        const href = await client.meetings.join(this.currentMeeting(step).onlineMeetingUri, this.timeoutMs);
        this.current = href;
        this.touched.push(href);
        await client.waitFor(() => client.seen.conversation(href).links.has('addMessaging') || undefined, `addMessaging in the meeting ${href}`, this.timeoutMs);
        await client.addMessaging(href);
        await this.waitConnected(href);
        return;
      }
      case 'deleteMeeting':
        await client.meetings.delete(this.currentMeeting(step).href);
        this.meeting = null;
        return;
      case 'leave': {
        const href = this.conversation(step);
        await client.leave(href);
        await client.waitFor(() => client.seen.conversation(href).ended, `${href} to end`, this.timeoutMs);
        this.current = null;
        return;
      }
    }
  }
}

async function playAll(player: ScenarioPlayer, steps: readonly LocalStep[], where: string): Promise<void> {
  for (const [index, step] of steps.entries()) {
    try {
      await player.play(step);
    } catch (error) {
      throw new UcwaClientError(`${where}, step ${index + 1} (${step.do}): ${(error as Error).message}`);
    }
  }
}

export interface RunOptions {
  readonly stepTimeoutMs?: number;
  /**
   * Where the scenario's peer signs in (a live simulator; the peer's client is closed at the end).
   * Without it a scenario's peer steps are not played: a replay answers only the recorded user.
   */
  readonly peer?: Omit<UcwaClientOptions, 'user' | 'password'>;
}

/** Signs in, makes the user available, plays every local step (and the peer's beside them), and returns what the client saw. The client stays open. */
export async function runScenario(client: UcwaClient, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioOutcome> {
  const timeoutMs = options.stepTimeoutMs ?? 30_000;
  const player = new ScenarioPlayer(client, timeoutMs);
  const peer = scenario.peer && options.peer ? new UcwaClient({ ...options.peer, user: scenario.peer.user, password: DEFAULT_PASSWORD }) : null;
  try {
    await client.signIn();
    await client.makeMeAvailable();
    // The peer is signed in and available before the user acts, so a call to them rings at their client.
    await peer?.signIn();
    await peer?.makeMeAvailable();
    await Promise.all([
      playAll(player, scenario.local, `scenario ${scenario.name}`),
      peer && scenario.peer ? playAll(new ScenarioPlayer(peer, timeoutMs), scenario.peer.local, `scenario ${scenario.name}, peer ${scenario.peer.user}`) : Promise.resolve(),
    ]);
  } finally {
    await peer?.close();
  }
  const seen = player.touched.map((href) => client.seen.conversation(href));
  return { conversations: seen.map(summarize), missedConversations: client.seen.missedConversations, seen };
}
