/** Everything one running simulator knows: users, tokens, applications, and the flows and remote parties that act on them. */
import { CallFlows } from './calls/call-flows.ts';
import { seededRandom, SimClock } from './clock.ts';
import { MessagingFlows } from './im/messaging-flows.ts';
import { MeetingBook } from './meetings/meeting-book.ts';
import { MeetingFlows } from './meetings/meeting-flows.ts';
import { RemoteParties } from './scenarios/remote-parties.ts';
import type { Scenario } from './scenarios/scenario.ts';
import { ApplicationState, type ApplicationInput } from './state/application.ts';
import { PresenceBoard } from './state/presence-board.ts';
import { ECHO_SIP, type SimUser } from './users.ts';

export interface SimStateOptions {
  readonly users: readonly SimUser[];
  readonly scenario: Scenario | null;
  readonly seed: number;
  readonly timeScale: number;
  /** Simulated milliseconds without requests or a pending poll before an application expires. */
  readonly idleExpiryMs: number;
}

export class SimState {
  readonly clock: SimClock;
  readonly flows: MessagingFlows;
  readonly calls: CallFlows;
  readonly meetings: MeetingFlows;
  readonly remote: RemoteParties;
  readonly presence: PresenceBoard;
  readonly applications = new Map<string, ApplicationState>();
  /** Applications that expired or were deleted: later requests get 410 or 404 instead of a generic 404. */
  readonly goneApplications = new Map<string, 'expired' | 'deleted'>();
  private readonly tokens = new Map<string, SimUser>();
  private readonly random: () => number;
  private readonly expiryTimer: NodeJS.Timeout;

  constructor(readonly options: SimStateOptions) {
    this.clock = new SimClock(options.timeScale);
    this.random = seededRandom(options.seed);
    this.flows = new MessagingFlows(options.users, this.clock, () => this.hex(32));
    this.calls = new CallFlows(options.users, (length) => this.hex(length), () => this.clock.now());
    this.meetings = new MeetingFlows(new MeetingBook(() => this.clock.now(), (length) => this.hex(length)), options.users, this.flows, () => this.hex(32));
    this.presence = new PresenceBoard(this.clock, (sip) => [...this.applications.values()].some((app) => app.available && app.user.sip === sip), [ECHO_SIP]);
    this.presence.onChange = (sip, what) => this.announceContactChange(sip, what);
    this.remote = new RemoteParties(this.flows, this.calls, this.meetings, this.clock, options.users, options.scenario, this.presence, () => this.applications.values());
    const checkEveryMs = Math.max(50, Math.min(5000, options.idleExpiryMs * options.timeScale) / 4);
    this.expiryTimer = setInterval(() => this.expireIdle(), checkEveryMs);
    this.expiryTimer.unref();
  }

  /** The next number from the seeded source, in [0, 1). */
  nextRandom(): number {
    return this.random();
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.random() * 16).toString(16);
    return out;
  }

  issueToken(user: SimUser): string {
    const token = `cwt=${this.hex(40)}`;
    this.tokens.set(token, user);
    return token;
  }

  userForToken(token: string): SimUser | undefined {
    return this.tokens.get(token);
  }

  createApplication(user: SimUser, input: ApplicationInput): ApplicationState {
    const id = String(100 + Math.floor(this.random() * 900)) + this.hex(6);
    const app = new ApplicationState(id, user, input, this.clock, 100 + Math.floor(this.random() * 800), { users: this.options.users, board: this.presence });
    this.applications.set(id, app);
    return app;
  }

  removeApplication(app: ApplicationState, why: 'expired' | 'deleted'): void {
    app.close();
    this.applications.delete(app.id);
    this.goneApplications.set(app.id, why);
    this.remote.onApplicationGone(app);
    this.presence.signedOut(app.user.sip);
  }

  close(): void {
    clearInterval(this.expiryTimer);
    for (const app of this.applications.values()) {
      app.close();
      this.remote.onApplicationGone(app);
    }
    this.clock.close();
  }

  /** contactPresence or contactNote `updated` from `people`, in the contact (events_ref.md), to each application subscribed to the user. */
  private announceContactChange(sip: string, what: 'presence' | 'note'): void {
    const user = this.options.users.find((u) => u.sip === sip);
    if (!user) return;
    for (const app of this.applications.values()) {
      if (!app.subscriptions.watches(sip)) continue;
      const contactHref = app.people.contactHref(user);
      app.emit({ rel: 'people', href: app.people.href }, [{ type: 'updated', link: { rel: what === 'presence' ? 'contactPresence' : 'contactNote', href: `${contactHref}/${what}` }, in: { rel: 'contact', href: contactHref } }]);
    }
  }

  private expireIdle(): void {
    const limit = this.options.idleExpiryMs * this.options.timeScale;
    const now = this.clock.now();
    for (const app of [...this.applications.values()]) if (!app.channel.hasPendingPoll && now - app.lastActivityMs > limit) this.removeApplication(app, 'expired');
  }
}
