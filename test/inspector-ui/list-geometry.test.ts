import { describe, expect, it } from 'vitest';
import { listGeometry, MAX_HEIGHT_PX, parseJump, ROW_PX } from '../../inspector-ui/app/src/list-geometry.ts';

describe('the virtual list geometry', () => {
  it('gives each row its own height while the list fits a browser', () => {
    const small = listGeometry(1000, 600);
    expect(small.contentPx).toBe(1000 * ROW_PX);
    expect(small.topRowAt(small.scrollTopFor(500))).toBe(500);
  });

  it('scales the scrollbar of a million rows so its end shows the last rows', () => {
    const big = listGeometry(1_000_000, 600);
    expect(big.contentPx).toBe(MAX_HEIGHT_PX);
    // Scrolled to the bottom, the rows on screen end with the last one.
    const top = big.topRowAt(MAX_HEIGHT_PX - 600);
    expect(top + 600 / ROW_PX).toBeCloseTo(1_000_000, 3);
    expect(Math.round(big.topRowAt(big.scrollTopFor(654_321)))).toBe(654_321);
    // A browser that stops a few pixels short of the end still shows the last row.
    expect(big.topRowAt(MAX_HEIGHT_PX - 600 - 18) + 600 / ROW_PX).toBeCloseTo(1_000_000, 3);
  });
});

describe('the go-to box', () => {
  const day = Date.UTC(2026, 10, 23, 9, 0, 0);
  it('reads an exchange id, a clock time on the session day, or an ISO time', () => {
    expect(parseJump('#123', day)).toEqual({ exchange: 123 });
    expect(parseJump('99990', day)).toEqual({ exchange: 99990 });
    expect(parseJump('10:04:05.25', day)).toEqual({ atMs: Date.UTC(2026, 10, 23, 10, 4, 5, 250) });
    expect(parseJump('2026-11-23T10:00:00Z', day)).toEqual({ atMs: Date.parse('2026-11-23T10:00:00Z') });
  });

  it('names what it cannot read', () => {
    expect(parseJump('lunch', day)).toEqual({ problem: 'go to: "lunch" is neither an exchange id (123) nor a time (10:04:05, UTC as the list shows, or ISO 8601)' });
  });
});
