// Where a meeting's band sits on its conversation's lane (joined to left, or to the lane's end
// while still in it) and how much of its label fits. Pure, so it is unit-tested.
import { labelFits, MIN_BAND_PCT, percentOf, type TimeSpan } from './lane-layout.ts';
import type { Cause, Meeting } from './timeline-types.ts';
import { headOf } from '../../../protocol/text/clip-text.ts';

export interface MeetingBox {
  readonly leftPct: number;
  readonly widthPct: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly cause: Cause;
  /** The meeting's subject, else its URI: what the band stands for. */
  readonly name: string;
  /** As much of the name as fits inside the band (cut with an ellipsis), or null when not even a few letters do. */
  readonly label: string | null;
}

/** The fewest letters worth drawing before an ellipsis; below that the band keeps only its hover text. */
const MIN_LETTERS = 6;

export function meetingName(meeting: Pick<Meeting, 'subject' | 'uri'>): string {
  return meeting.subject || meeting.uri || 'online meeting';
}

export function meetingBand(meeting: Meeting, endMs: number, span: TimeSpan, laneWidthPx: number): MeetingBox {
  const toMs = meeting.leftAtMs ?? endMs;
  const leftPct = percentOf(meeting.joinedAtMs, span);
  const widthPct = Math.max(MIN_BAND_PCT, percentOf(toMs, span) - leftPct);
  const name = meetingName(meeting);
  const full = `meeting ${name}`;
  let label: string | null = labelFits(full, widthPct, laneWidthPx) ? full : null;
  for (let letters = full.length - 1; label === null && letters >= MIN_LETTERS; letters--) {
    const cut = `${headOf(full, letters).trimEnd()}…`;
    if (labelFits(cut, widthPct, laneWidthPx)) label = cut;
  }
  return { leftPct, widthPct, fromMs: meeting.joinedAtMs, toMs, cause: meeting.cause, name, label };
}
