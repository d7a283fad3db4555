/**
 * The encoding half of graph-codec.ts, able to stop between pieces and go on later: a big fold
 * state takes a second or more to encode, and the live writer may spend only a few ms per turn.
 * Big containers are walked here; everything else is one `JSON.stringify` with a replacer (native:
 * several times faster than walking it in JavaScript). The texts are the same either way.
 */
import type { Patch, Path } from './graph-codec.ts';
import { PlaceColumns, SegmentedIdentityMap, type IdentityMap } from './identity-places.ts';

/** Where the value of the next `JSON.stringify` call sits; `holder` null when no call is pending. */
interface Top {
  holder: object | null;
  key: string | number;
}

/** A container walked here: its items, how far it got. */
interface Frame {
  /** What its items' places name as their holder: the container, or a collection's stand-in. */
  readonly holder: object;
  /** An array's or object's items; null for a collection, read from `source`. */
  readonly items: readonly unknown[] | null;
  /**
   * A Map's entries or a Set's values, read as they are written: a collection of hundreds of
   * thousands listed at once would be one long pause, and a garbage collector's work in the next.
   */
  readonly source: Iterator<unknown> | null;
  /** Object keys, or null for an array or a collection's items (keys are their indexes). */
  readonly keys: readonly string[] | null;
  readonly depth: number;
  next: number;
}

/** Containers with more items than this are walked item by item, so no single piece is big. */
const BIG = 256;
/** Objects this shallow are walked too: the roots and their fields. */
const SHALLOW = 2;
const CHUNK_CHARS = 1 << 16;
const PIECES_PER_CHECK = 4;

function sizeOf(value: object): number {
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  return -1;
}

export class GraphEncoder {
  private readonly isValue: (value: object) => boolean;
  /** Off: each root is one `JSON.stringify` (the fastest, for work that may block). */
  private readonly inSlices: boolean;
  /** Each object met, to the number of its first place in `columns`. */
  private readonly places: IdentityMap;
  private readonly columns = new PlaceColumns();
  private readonly rootHolders = new Map<object, number>();
  private readonly index: PlaceIndex;
  private readonly stack: Frame[] = [];
  private readonly done: string[][] = [];
  private chunks: string[] = [];
  private piecesSetAside = 0;
  private out = '';
  private readonly patches: Patch[] = [];
  private doc = -1;
  private readonly top: Top = { holder: null, key: '' };
  private readonly replacer: (this: object, key: string, value: unknown) => unknown;

  constructor(
    private readonly roots: readonly unknown[],
    options: { readonly isValue?: (value: object) => boolean; readonly inSlices?: boolean } = {},
  ) {
    this.isValue = options.isValue ?? (() => false);
    this.inSlices = options.inSlices ?? true;
    // A walk in slices must not pause on a big Map's growth; one at once takes the faster plain Map.
    this.places = this.inSlices ? new SegmentedIdentityMap() : new Map<object, number>();
    this.index = { places: this.places, columns: this.columns, rootHolders: this.rootHolders };
    this.replacer = graphReplacer(this.index, this.patches, this.isValue, this.top);
  }

  get finished(): boolean {
    return this.done.length === this.roots.length;
  }

  /** Pieces set aside so far, every root's together: a reader of `piecesSoFar` knows by it that more came. */
  get pieceCount(): number {
    return this.piecesSetAside;
  }

  /**
   * The texts so far, each in pieces: every finished root's, then the one under way's (its piece
   * being written not among them). A text's array only grows, and is whole once `rootDone` says so.
   */
  piecesSoFar(): string[][] {
    return this.finished ? this.done : [...this.done, this.chunks];
  }

  rootDone(index: number): boolean {
    return index < this.done.length;
  }

  /** Writes on until every root is encoded (true) or `stop()` says so between pieces (false). */
  step(stop: () => boolean = () => false): boolean {
    let budget = PIECES_PER_CHECK;
    while (!this.finished) {
      if (--budget === 0) {
        if (stop()) return false;
        budget = PIECES_PER_CHECK;
      }
      if (this.out.length > CHUNK_CHARS) {
        // Reading a character makes V8 flatten the piece into one string now: its thousands of
        // small parts then die young, where kept as they are, every collection copied them.
        this.out.charCodeAt(0);
        this.chunks.push(this.out);
        this.piecesSetAside++;
        this.out = '';
      }
      const frame = this.stack.at(-1);
      if (frame === undefined) {
        this.doc++;
        this.out = '[';
        const holder = { '': this.roots[this.doc] };
        this.rootHolders.set(holder, this.doc);
        this.piece(holder, '', this.roots[this.doc], 0);
        if (this.stack.length === 0) this.endRoot();
        continue;
      }
      const i = frame.next++;
      const read = frame.source === null ? null : frame.source.next();
      if (read === null ? i === (frame.items as readonly unknown[]).length : read.done === true) {
        this.out += frame.keys === null ? ']' : '}';
        this.stack.pop();
        if (this.stack.length === 0) this.endRoot();
        continue;
      }
      const key = frame.keys === null ? i : (frame.keys[i] as string);
      if (i > 0) this.out += ',';
      if (frame.keys !== null) this.out += `${JSON.stringify(key)}:`;
      this.piece(frame.holder, key, read === null ? (frame.items as readonly unknown[])[i] : read.value, frame.depth + 1);
    }
    return true;
  }

  /** The texts, one per root, once `step` returned true; each is `[value, patches]`. */
  texts(): string[] {
    return this.pieces().map((pieces) => pieces.join(''));
  }

  /** The same texts, each in pieces of some 64 K characters or less (joining a big text is one long block). */
  pieces(): string[][] {
    if (!this.finished) throw new Error('the graph is not encoded yet');
    return this.done;
  }

  private endRoot(): void {
    this.chunks.push(this.out, `,${JSON.stringify(this.patches)}]`);
    this.piecesSetAside += 2;
    this.done.push(this.chunks);
    this.chunks = [];
    this.out = '';
    this.patches.length = 0;
  }

  /** Writes the value at `key` of `holder`: a big or shallow container is opened to be walked, anything else written whole. */
  private piece(holder: object, key: string | number, value: unknown, depth: number): void {
    if (typeof value !== 'object' || value === null || this.isValue(value) || this.places.has(value) || !this.walked(value, depth)) {
      this.top.holder = holder;
      this.top.key = key;
      this.out += JSON.stringify(value, this.replacer);
      return;
    }
    if (value instanceof Map || value instanceof Set) {
      // What the replacer does for a collection, with a stand-in that is only a name for its items' places.
      const place = this.columns.add(holder, key);
      const standIn: unknown[] = [];
      this.places.set(value, place);
      noteCollection(this.index, this.patches, value, place, standIn);
      this.stack.push({ holder: standIn, items: null, source: value instanceof Map ? value.entries() : value.values(), keys: null, depth, next: 0 });
      this.out += '[';
      return;
    }
    this.top.holder = holder;
    this.top.key = key;
    const items = this.replacer.call({}, '', value) as object;
    if (Array.isArray(items)) this.stack.push({ holder: items, items, source: null, keys: null, depth, next: 0 });
    else {
      const keys = Object.keys(items);
      this.stack.push({ holder: items, items: keys.map((k) => (items as Record<string, unknown>)[k]), source: null, keys, depth, next: 0 });
    }
    this.out += Array.isArray(items) ? '[' : '{';
  }

  private walked(value: object, depth: number): boolean {
    if (!this.inSlices) return false;
    if (sizeOf(value) > BIG) return true;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype) return false;
    if (depth < SHALLOW) return true;
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null && sizeOf(child) > BIG) return true;
    }
    return false;
  }
}

/** What the encoder knows of places: the first place of each object, the places themselves, and the roots' wrappers. */
interface PlaceIndex {
  readonly places: IdentityMap;
  readonly columns: PlaceColumns;
  readonly rootHolders: Map<object, number>;
}

/** The path to `key` of `holder`: the root's index, then keys down (an array index as JSON.stringify names it, a string). */
function pathOf(index: PlaceIndex, holder: object, key: string | number): Path {
  const keys: (string | number)[] = [];
  let at: object = holder;
  let k = key;
  for (;;) {
    const doc = index.rootHolders.get(at);
    if (doc !== undefined) {
      keys.push(doc);
      break;
    }
    keys.push(typeof k === 'number' ? String(k) : k);
    const place = index.places.get(at) as number;
    at = index.columns.holder(place);
    k = index.columns.key(place);
  }
  return keys.reverse();
}

/** The stand-in is where a collection's items live in the text (paths go through it); a patch makes them a Map or Set again. */
function noteCollection(index: PlaceIndex, patches: Patch[], collection: Map<unknown, unknown> | Set<unknown>, place: number, standIn: object): void {
  index.places.set(standIn, place);
  patches.push([collection instanceof Map ? 0 : 1, pathOf(index, index.columns.holder(place), index.columns.key(place))]);
}

/**
 * The replacer graph-codec's texts are written with: registers each object's first place, and
 * for what JSON cannot say (a collection, an object met before, undefined, -0) writes a stand-in
 * and a patch. `top` says where the value of a `JSON.stringify` call sits: its first call comes
 * with a wrapper of JSON's own.
 */
function graphReplacer(index: PlaceIndex, patches: Patch[], isValue: (value: object) => boolean, top: Top): (this: object, key: string, value: unknown) => unknown {
  const { places, columns } = index;
  return function (this: object, key: string, value: unknown): unknown {
    let holder: object = this;
    let at: string | number = key;
    if (top.holder !== null) {
      holder = top.holder;
      at = top.key;
      top.holder = null;
    }
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'number') {
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        patches.push([4, pathOf(index, holder, at), Object.is(value, -0) ? '-0' : String(value)]);
        return null;
      }
      if (value === undefined) {
        patches.push([3, pathOf(index, holder, at)]);
        return null;
      }
      if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
      throw new Error(`a ${typeof value} cannot be kept in a checkpoint`);
    }
    if (isValue(value)) return value;
    const first = places.get(value);
    if (first !== undefined) {
      patches.push([2, pathOf(index, holder, at), pathOf(index, columns.holder(first), columns.key(first))]);
      return null;
    }
    const place = columns.add(holder, at);
    places.set(value, place);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === Array.prototype) return value;
    if (value instanceof Map || value instanceof Set) {
      const items = value instanceof Map ? [...value.entries()] : [...value.values()];
      noteCollection(index, patches, value, place, items);
      return items;
    }
    throw new Error(`a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'class'} instance cannot be kept in a checkpoint`);
  };
}
