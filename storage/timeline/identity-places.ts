/**
 * Where the graph encoder first met each object, for a walk that must stop every few
 * milliseconds. Two things would pause it:
 * - V8 grows a Map by copying its whole table at once, 100 ms and more past half a million
 *   entries on a slow machine: entries go to segments of bounded size, so no single copy is big;
 *   a lookup asks each segment (a dozen for the biggest fold states).
 * - A place object per encoded object (millions of them) all survive until the encoding ends, and
 *   a young-generation collection copies every survivor: with them, such collections took 40–57 ms
 *   in the live writer's turns. A place is a number here, its holder and key kept in columns of
 *   bounded chunks, so encoding allocates nothing that lives per object.
 */
const SEGMENT_ENTRIES = 1 << 17;
const CHUNK_SHIFT = 16;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

/** Objects to the number of their place; only a key not held yet is set. */
export interface IdentityMap {
  get(key: object): number | undefined;
  has(key: object): boolean;
  set(key: object, value: number): void;
}

export class SegmentedIdentityMap implements IdentityMap {
  private readonly segments: Map<object, number>[] = [];
  private current = new Map<object, number>();

  constructor() {
    this.segments.push(this.current);
  }

  get(key: object): number | undefined {
    // The newest first: a shared object is mostly met again soon after its first place.
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const found = (this.segments[i] as Map<object, number>).get(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  has(key: object): boolean {
    return this.get(key) !== undefined;
  }

  set(key: object, value: number): void {
    if (this.current.size >= SEGMENT_ENTRIES) {
      this.current = new Map();
      this.segments.push(this.current);
    }
    this.current.set(key, value);
  }
}

/**
 * Places by number: the object holding the value and the value's key there (an array index as a
 * number, so no string is made for it).
 */
export class PlaceColumns {
  private readonly holders: object[][] = [];
  private readonly keys: (string | number)[][] = [];
  private count = 0;

  add(holder: object, key: string | number): number {
    const chunk = this.count >>> CHUNK_SHIFT;
    if (chunk === this.holders.length) {
      this.holders.push([]);
      this.keys.push([]);
    }
    (this.holders[chunk] as object[]).push(holder);
    (this.keys[chunk] as (string | number)[]).push(key);
    return this.count++;
  }

  holder(place: number): object {
    return (this.holders[place >>> CHUNK_SHIFT] as object[])[place & CHUNK_MASK] as object;
  }

  key(place: number): string | number {
    return (this.keys[place >>> CHUNK_SHIFT] as (string | number)[])[place & CHUNK_MASK] as string | number;
  }
}
