import { describe, expect, it } from 'vitest';
import { CHAR_PX, labelFits, MIN_BAND_PCT, percentOf, stateBands, typingBoxes } from '../../inspector-ui/app/src/lane-layout.ts';
import type { Change, Typing } from '../../inspector-ui/app/src/timeline-types.ts';

const cause = (exchangeId: number) => ({ exchangeId, seq: exchangeId, source: 'event' as const });
const span = { startMs: 1000, endMs: 2000 };
const state = (atMs: number, to: string, exchangeId: number): Change => ({ atMs, cause: cause(exchangeId), what: 'state', to });

describe('state bands of a lane', () => {
  const changes: Change[] = [state(1000, 'Incoming', 8), { atMs: 1100, cause: cause(9), what: 'subject', to: 'x' }, state(1500, 'Connected', 9), state(1990, 'Disconnected', 17)];

  it('lasts each state until the next change of the same thing, and links each to its cause', () => {
    const bands = stateBands(changes, 'state', 2000, span, 1000);
    expect(bands.map((b) => [b.value, b.leftPct, b.widthPct, b.cause.exchangeId])).toEqual([
      ['Incoming', 0, 50, 8],
      ['Connected', 50, 49, 9],
      ['Disconnected', 99, 1, 17],
    ]);
  });

  it('writes the state name inside a band wide enough for it, and leaves a narrow band to its hover text', () => {
    const bands = stateBands(changes, 'state', 2000, span, 1000);
    // 1000 px wide: half the lane holds "Incoming"; 10 px cannot hold "Disconnected".
    expect(bands.map((b) => b.label)).toEqual(['Incoming', 'Connected', null]);
    // On a narrow screen even the wide bands drop their labels rather than overflow.
    expect(stateBands(changes, 'state', 2000, span, 100).map((b) => b.label)).toEqual([null, null, null]);
    // Before the lane is measured nothing is written.
    expect(stateBands(changes, 'state', 2000, span, 0).every((b) => b.label === null)).toBe(true);
  });

  it('keeps a band of an instant wide enough to hover and click', () => {
    const instant = stateBands([state(1500, 'Connecting', 3), state(1500, 'Connected', 4)], 'state', 1500, span, 1000);
    expect(instant.map((b) => b.widthPct)).toEqual([MIN_BAND_PCT, MIN_BAND_PCT]);
  });

  it('fits a label only with room for every character and some padding', () => {
    const textPx = 'Connected'.length * CHAR_PX;
    expect(labelFits('Connected', ((textPx + 8) / 1000) * 100, 1000)).toBe(true);
    expect(labelFits('Connected', (textPx / 1000) * 100, 1000)).toBe(false);
  });

  it('places times outside the span at its edges', () => {
    expect(percentOf(500, span)).toBe(0);
    expect(percentOf(2500, span)).toBe(100);
    expect(percentOf(1250, span)).toBe(25);
  });
});

describe('typing marks of a lane', () => {
  const nameOf = (who: string) => (who === 'sip:bob@contoso.com' ? 'Bob Barker' : who);
  const typing = (fromMs: number, toMs: number | null, who = 'sip:bob@contoso.com'): Typing => ({ who, fromMs, toMs, cause: cause(11) });

  it('names the typist inside a mark that is wide enough', () => {
    const [mark] = typingBoxes([typing(1100, 1400)], nameOf, 2000, span, 1000);
    expect(mark).toMatchObject({ label: 'Bob Barker typing', labelAt: 'inside', leftPct: 10, widthPct: 30 });
  });

  it('writes the name after a short mark when the lane is free there, and nowhere when the next mark is too close', () => {
    const marks = typingBoxes([typing(1500, 1510), typing(1100, 1110), typing(1120, 1130)], nameOf, 2000, span, 1000);
    // Sorted by time: the mark at 1100 has only 10 px before the next; the one at 1500 has the rest of the lane.
    expect(marks.map((m) => [m.fromMs, m.labelAt])).toEqual([
      [1100, null],
      [1120, 'after'],
      [1500, 'after'],
    ]);
  });

  it('draws a typing interval that never ended up to the end of the lane', () => {
    const [mark] = typingBoxes([typing(1900, null)], nameOf, 2000, span, 1000);
    expect(mark?.widthPct).toBeCloseTo(10, 9);
  });
});
