// What became of an invitation, in a word a person scans for (missed, declined, failed…), with the
// reason the server gave (`Informational/Missed`) kept beside it.
import type { Invitation } from './timeline-types.ts';

export type OutcomeWord = 'pending' | 'accepted' | 'missed' | 'declined' | 'cancelled' | 'failed';

export interface OutcomeSummary {
  readonly word: OutcomeWord;
  /** The server's `code/subcode`, when it sent one. */
  readonly reason: string | null;
  /** When it ended (the `completed` event), null while pending. */
  readonly atMs: number | null;
  readonly exchangeId: number | null;
}

/** Only failures deserve a mark on the lane; a pending or accepted invitation is the normal story. */
export const isUnhappy = (word: OutcomeWord): boolean => word === 'missed' || word === 'declined' || word === 'cancelled' || word === 'failed';

export function invitationOutcome(inv: Pick<Invitation, 'outcome' | 'actions' | 'state'>): OutcomeSummary {
  const outcome = inv.outcome;
  if (!outcome) return { word: 'pending', reason: null, atMs: null, exchangeId: null };
  const reason = outcome.reason ?? null;
  const at = { reason, atMs: outcome.atMs, exchangeId: outcome.cause.exchangeId };
  if (outcome.status === 'Success') return { word: 'accepted', ...at };
  const subcode = (reason ?? '').split('/').at(-1)?.toLowerCase() ?? '';
  const acted = (action: string) => inv.actions.some((a) => a.action === action);
  if (subcode === 'missed' || subcode === 'noanswer') return { word: 'missed', ...at };
  if (subcode === 'declined' || inv.state === 'Declined' || acted('decline')) return { word: 'declined', ...at };
  if (subcode === 'cancelled' || subcode === 'canceled' || acted('cancel')) return { word: 'cancelled', ...at };
  return { word: 'failed', ...at };
}
