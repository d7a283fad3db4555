// Where the presence lanes draw their availability bands and note marks, in percent of the lane's
// width, over one span shared by every lane so a person's Away lines up with another's Online.
// Pure, so it is unit-tested.
import type { PresenceLaneDto } from '../../api/wire-types.ts';
import { labelFits, MIN_BAND_PCT, percentOf, type BandBox, type TimeSpan } from './lane-layout.ts';
import type { Cause } from './timeline-types.ts';

export interface NoteMark {
  readonly leftPct: number;
  readonly atMs: number;
  /** What the mark says: the note's text, or that it was cleared. */
  readonly label: string;
  readonly cause: Cause;
}

/** The span of every lane: from the first thing seen to the last (one past it), at least `fallback` when nothing is timed. */
export function presenceSpan(lanes: readonly PresenceLaneDto[], fallback: { fromMs: number; toMs: number }): TimeSpan {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const see = (ms: number | null): void => {
    if (ms === null) return;
    if (ms < start) start = ms;
    if (ms > end) end = ms;
  };
  for (const lane of lanes) {
    see(lane.firstSeenAtMs);
    for (const band of lane.bands) {
      see(band.fromMs);
      see(band.toMs);
    }
    for (const change of lane.changes) see(change.atMs);
  }
  if (start === Number.POSITIVE_INFINITY) return { startMs: fallback.fromMs, endMs: fallback.toMs + 1 };
  return { startMs: start, endMs: Math.max(end + 1, fallback.toMs + 1) };
}

/** One band per availability, from its change to the next (an open band lasts to the end of the span); its name written inside when it fits. */
export function availabilityBands(lane: Pick<PresenceLaneDto, 'bands'>, span: TimeSpan, laneWidthPx: number): BandBox[] {
  return lane.bands.map((band) => {
    const leftPct = percentOf(band.fromMs, span);
    const toMs = band.toMs ?? span.endMs;
    const widthPct = Math.max(MIN_BAND_PCT, percentOf(toMs, span) - leftPct);
    const value = band.availability;
    return { leftPct, widthPct, fromMs: band.fromMs, toMs, cause: band.cause, value, label: labelFits(value, widthPct, laneWidthPx) ? value : null };
  });
}

/** A mark where each note changed. */
export function noteMarks(lane: Pick<PresenceLaneDto, 'notes'>, span: TimeSpan): NoteMark[] {
  return lane.notes.map((note) => ({
    leftPct: percentOf(note.atMs, span),
    atMs: note.atMs,
    label: note.message === null || note.message === '' ? 'note cleared' : `note: ${note.message}`,
    cause: note.cause,
  }));
}
