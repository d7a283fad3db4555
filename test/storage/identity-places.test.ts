import { describe, expect, it } from 'vitest';
import { PlaceColumns, SegmentedIdentityMap } from '../../storage/timeline/identity-places.ts';

describe('the identity map a checkpoint walk registers objects in', () => {
  it('finds every object by identity across its segments, and nothing it was not given', () => {
    const map = new SegmentedIdentityMap();
    // Past two segments' worth, so lookups cross segments both ways.
    const objects = Array.from({ length: 300_000 }, (_, i) => ({ i }));
    objects.forEach((object, i) => map.set(object, i));
    expect(objects.every((object, i) => map.get(object) === i && map.has(object))).toBe(true);
    expect(map.has({ i: 0 })).toBe(false);
    expect(map.get([])).toBeUndefined();
  });

  it('keeps each place\'s holder and key by its number, across chunks', () => {
    const columns = new PlaceColumns();
    const holders = Array.from({ length: 150_000 }, (_, i) => ({ i }));
    const numbers = holders.map((holder, i) => columns.add(holder, i % 2 === 0 ? i : `key${i}`));
    expect(numbers.every((place, i) => place === i)).toBe(true);
    expect([0, 65_535, 65_536, 131_073, 149_999].map((i) => [columns.holder(i) === holders[i], columns.key(i)])).toEqual([
      [true, 0],
      [true, 'key65535'],
      [true, 65_536],
      [true, 'key131073'],
      [true, 'key149999'],
    ]);
  });
});
