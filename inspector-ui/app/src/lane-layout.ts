// Where a conversation lane draws its bands and marks, in percent of the lane's width, and which
// labels fit inside (or just after) them at the lane's width in pixels. Pure, so it is unit-tested.
import type { Cause, Change, Typing } from './timeline-types.ts';

export interface TimeSpan { readonly startMs: number; readonly endMs: number }

/** Rough width of one label character at the lane's 11px font, with room to spare. */
export const CHAR_PX = 7;
const PAD_PX = 8;
/** A mark narrower than this would vanish; it still needs to be hovered and clicked. */
export const MIN_BAND_PCT = 0.3;

export interface Box {
  readonly leftPct: number;
  readonly widthPct: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly cause: Cause;
}
export interface BandBox extends Box {
  readonly value: string;
  /** The state name when it fits inside the band; null when the band is too narrow (the title and aria-label still say it). */
  readonly label: string | null;
}
export interface TypingBox extends Box {
  readonly label: string;
  /** Where the typist's name is written: inside the mark, just after it, or nowhere visible (too crowded). */
  readonly labelAt: 'inside' | 'after' | null;
}

export function percentOf(ms: number, span: TimeSpan): number {
  const width = Math.max(1e-9, span.endMs - span.startMs);
  return Math.min(100, Math.max(0, ((ms - span.startMs) / width) * 100));
}

export function labelFits(text: string, widthPct: number, laneWidthPx: number): boolean {
  return text.length * CHAR_PX + PAD_PX <= (widthPct / 100) * laneWidthPx;
}

function box(fromMs: number, toMs: number, cause: Cause, span: TimeSpan): Box {
  const leftPct = percentOf(fromMs, span);
  return { leftPct, widthPct: Math.max(MIN_BAND_PCT, percentOf(toMs, span) - leftPct), fromMs, toMs, cause };
}

/** One band per value of `what` (`state`, `messaging.state`), each lasting until the next change of it or `endMs`. */
export function stateBands(changes: readonly Change[], what: string, endMs: number, span: TimeSpan, laneWidthPx: number): BandBox[] {
  const own = changes.filter((c) => c.what === what && c.to !== undefined && c.to !== null);
  return own.map((c, i) => {
    const value = String(c.to);
    const b = box(c.atMs, own[i + 1]?.atMs ?? endMs, c.cause, span);
    return { ...b, value, label: labelFits(value, b.widthPct, laneWidthPx) ? value : null };
  });
}

/** Typing marks, each named by its typist; a name that does not fit inside goes after the mark if the lane is free there. */
export function typingBoxes(typing: readonly Typing[], nameOf: (who: string) => string, endMs: number, span: TimeSpan, laneWidthPx: number): TypingBox[] {
  const sorted = [...typing].sort((a, b) => a.fromMs - b.fromMs);
  return sorted.map((t, i) => {
    const b = box(t.fromMs, t.toMs ?? endMs, t.cause, span);
    const label = `${nameOf(t.who)} typing`;
    const nextLeftPct = sorted[i + 1] ? percentOf(sorted[i + 1]!.fromMs, span) : 100;
    const roomAfterPct = nextLeftPct - (b.leftPct + b.widthPct);
    const labelAt = labelFits(label, b.widthPct, laneWidthPx) ? 'inside' : labelFits(label, roomAfterPct, laneWidthPx) ? 'after' : null;
    return { ...b, label, labelAt };
  });
}
