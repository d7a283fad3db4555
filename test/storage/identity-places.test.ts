import { describe, expect, it } from 'vitest';
import { SegmentedIdentityMap } from '../../storage/timeline/identity-places.ts';

describe('the identity map a checkpoint walk registers objects in', () => {
  it('finds every object by identity across its segments, and nothing it was not given', () => {
    const map = new SegmentedIdentityMap<number>();
    // Past two segments' worth, so lookups cross segments both ways.
    const objects = Array.from({ length: 300_000 }, (_, i) => ({ i }));
    objects.forEach((object, i) => map.set(object, i));
    expect(objects.every((object, i) => map.get(object) === i && map.has(object))).toBe(true);
    expect(map.has({ i: 0 })).toBe(false);
    expect(map.get([])).toBeUndefined();
  });
});
