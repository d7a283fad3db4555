/**
 * What conversations between two signed-in users share, chats and calls alike: finding the
 * invited user's available application, pairing each end's conversation with the other's, and
 * ringing for as long as an unanswered invitation rings before it is missed.
 */
import type { SimClock } from '../clock.ts';
import type { ApplicationState } from '../state/application.ts';
import type { ConversationState } from '../state/conversation.ts';
import { toSip } from '../users.ts';

/** How long an invitation rings at a signed-in user before both sides call it missed (message_ref.md: 30 s). */
const RING_MS = 30_000;

/** One end of a conversation between two signed-in users. */
export interface PeerEnd<Inv> {
  readonly app: ApplicationState;
  readonly inv: Inv;
  readonly conv: ConversationState;
}

export class PeerPairs<Inv extends { readonly answerable: boolean }> {
  /** Each end's conversation → both ends, seen from it. */
  private readonly pairs = new Map<ConversationState, { readonly self: PeerEnd<Inv>; readonly other: PeerEnd<Inv> }>();

  constructor(
    private readonly clock: SimClock,
    private readonly applications: () => Iterable<ApplicationState>,
  ) {}

  /** The invited user's most recently created available application, other than the caller's. */
  availableApplicationOf(address: string, caller: ApplicationState): ApplicationState | undefined {
    const sip = toSip(address);
    let found: ApplicationState | undefined;
    for (const app of this.applications()) if (app !== caller && app.available && app.user.sip === sip) found = app;
    return found;
  }

  /** Pairs the two ends; if the callee has not answered when the ring ends, `missed` runs and the pair is forgotten. */
  ring(caller: PeerEnd<Inv>, callee: PeerEnd<Inv>, missed: () => void): void {
    this.pairs.set(caller.conv, { self: caller, other: callee });
    this.pairs.set(callee.conv, { self: callee, other: caller });
    this.clock.after(RING_MS, () => {
      if (!callee.inv.answerable) return;
      missed();
      this.forget(caller.conv);
    });
  }

  has(conv: ConversationState): boolean {
    return this.pairs.has(conv);
  }

  other(conv: ConversationState): PeerEnd<Inv> | undefined {
    return this.pairs.get(conv)?.other;
  }

  /** Forgets the pair `conv` belongs to; returns both ends' conversations. */
  forget(conv: ConversationState): readonly ConversationState[] {
    const other = this.other(conv);
    const ends = other ? [conv, other.conv] : [conv];
    for (const end of ends) this.pairs.delete(end);
    return ends;
  }

  /** The ends `app` holds, for an application that goes away. */
  endsOf(app: ApplicationState): readonly PeerEnd<Inv>[] {
    return [...this.pairs.values()].map((p) => p.self).filter((self) => self.app === app);
  }
}
