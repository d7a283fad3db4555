/**
 * An identity map from objects to what is known of them, for a walk that must stop every few
 * milliseconds: V8 grows a Map by copying its whole table at once, a pause of 100 ms and more
 * past half a million entries on a slow machine. Here entries go to segments of bounded size, so
 * no single copy is big; a lookup asks each segment (a dozen for the biggest fold states).
 */
const SEGMENT_ENTRIES = 1 << 17;

export interface IdentityMap<V> {
  get(key: object): V | undefined;
  has(key: object): boolean;
  /** Only for a key not held yet. */
  set(key: object, value: V): void;
}

export class SegmentedIdentityMap<V> implements IdentityMap<V> {
  private readonly segments: Map<object, V>[] = [];
  private current = new Map<object, V>();

  constructor() {
    this.segments.push(this.current);
  }

  get(key: object): V | undefined {
    // The newest first: a shared object is mostly met again soon after its first place.
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const found = (this.segments[i] as Map<object, V>).get(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  has(key: object): boolean {
    return this.get(key) !== undefined;
  }

  set(key: object, value: V): void {
    if (this.current.size >= SEGMENT_ENTRIES) {
      this.current = new Map();
      this.segments.push(this.current);
    }
    this.current.set(key, value);
  }
}
