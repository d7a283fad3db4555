/**
 * What each user publishes, shared by all applications: availability, note and location. A user
 * is Offline until one of their applications calls makeMeAvailable (then Online), changes it by
 * POSTing presence, and shows as idle (IdleOnline, IdleBusy) once they stop reporting activity.
 */
import type { SimClock } from '../clock.ts';

/** The values a user may publish (presence_ref.md); Offline means "appear offline". */
export const PUBLISHABLE_AVAILABILITY = ['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offline'] as const;
export type PublishableAvailability = (typeof PUBLISHABLE_AVAILABILITY)[number];
export type Availability = PublishableAvailability | 'IdleOnline' | 'IdleBusy';

/** Without reportMyActivity for this long a user turns idle (reportMyActivity_ref.md asks for one every four minutes). */
export const IDLE_AFTER_MS = 5 * 60_000;

/** The activity token a client shows next to the availability. */
const ACTIVITY: Record<Availability, string> = {
  Online: 'Available',
  IdleOnline: 'Inactive',
  Busy: 'Busy',
  IdleBusy: 'Inactive',
  DoNotDisturb: 'urgent-interruptions-only',
  BeRightBack: 'BeRightBack',
  Away: 'Away',
  Offline: 'Offline',
};

export interface PresenceView {
  readonly availability: Availability;
  readonly activity: string;
  /** When the user last did something, or null if they never signed in. */
  readonly lastActiveMs: number | null;
}

interface Published {
  availability: PublishableAvailability;
  lastActiveMs: number;
}

export class PresenceBoard {
  private readonly published = new Map<string, Published>();
  private readonly notes = new Map<string, string>();
  private readonly locations = new Map<string, string>();
  /** What a scenario's persona (a built-in user nobody signed in as) shows, and since when. */
  private readonly scripted = new Map<string, Published>();
  /** Told when what others see of a user changes: their presence, or their note (subscriptions turn it into events). */
  onChange: (sip: string, what: 'presence' | 'note') => void = () => undefined;

  /** `isAvailable(sip)`: whether the user has an application that called makeMeAvailable; `alwaysOnline`: bots that never sign in. */
  constructor(
    private readonly clock: SimClock,
    private readonly isAvailable: (sip: string) => boolean,
    private readonly alwaysOnline: readonly string[],
  ) {}

  /** makeMeAvailable: the user comes online (a later application keeps what an earlier one published). */
  becameAvailable(sip: string): void {
    const current = this.published.get(sip);
    if (current) current.lastActiveMs = this.clock.now();
    else this.published.set(sip, { availability: 'Online', lastActiveMs: this.clock.now() });
    this.onChange(sip, 'presence');
  }

  /** The user's last application went away: next sign-in starts Online again. */
  signedOut(sip: string): void {
    if (this.isAvailable(sip)) return;
    this.published.delete(sip);
    this.onChange(sip, 'presence');
  }

  reportActivity(sip: string): void {
    const current = this.published.get(sip);
    if (current) current.lastActiveMs = this.clock.now();
  }

  publish(sip: string, availability: PublishableAvailability): void {
    this.published.set(sip, { availability, lastActiveMs: this.clock.now() });
    this.onChange(sip, 'presence');
  }

  /** A scenario's persona changes its availability (goes Away, comes back) without signing in. */
  script(sip: string, availability: PublishableAvailability): void {
    this.scripted.set(sip, { availability, lastActiveMs: this.clock.now() });
    if (!this.isAvailable(sip)) this.onChange(sip, 'presence');
  }

  view(sip: string): PresenceView {
    const current = this.published.get(sip);
    const scripted = this.scripted.get(sip);
    if (scripted && !this.isAvailable(sip)) return { availability: scripted.availability, activity: ACTIVITY[scripted.availability], lastActiveMs: scripted.lastActiveMs };
    if (this.alwaysOnline.includes(sip)) return { availability: 'Online', activity: ACTIVITY.Online, lastActiveMs: current?.lastActiveMs ?? null };
    if (!current || !this.isAvailable(sip)) return { availability: 'Offline', activity: ACTIVITY.Offline, lastActiveMs: current?.lastActiveMs ?? null };
    const idle = this.clock.now() - current.lastActiveMs > IDLE_AFTER_MS * this.clock.timeScale;
    const availability: Availability = idle && current.availability === 'Online' ? 'IdleOnline' : idle && current.availability === 'Busy' ? 'IdleBusy' : current.availability;
    return { availability, activity: ACTIVITY[availability], lastActiveMs: current.lastActiveMs };
  }

  note(sip: string): string {
    return this.notes.get(sip) ?? '';
  }

  setNote(sip: string, message: string): void {
    this.notes.set(sip, message);
    this.onChange(sip, 'note');
  }

  location(sip: string): string {
    return this.locations.get(sip) ?? '';
  }

  setLocation(sip: string, location: string): void {
    this.locations.set(sip, location);
  }
}
