/**
 * Object graphs (Maps, Sets, objects reached twice, undefined, -0) as JSON texts plus a short list
 * of patches: a fold checkpoint's encoding. `JSON.parse` builds a big timeline several times faster
 * than `v8.deserialize`, and only the patched places are visited again after it.
 */

/** Where a value sits: the root's index among the texts, then keys down to it. */
type Path = (string | number)[];

/** 0 Map (its entries stand in its place), 1 Set (its values), 2 the object at another path, 3 undefined, 4 a number JSON cannot say. */
type Patch = [0, Path] | [1, Path] | [2, Path, Path] | [3, Path] | [4, Path, string];

interface Place {
  readonly holder: object;
  readonly key: string;
}

/**
 * Encodes roots that may share objects into one JSON text each, `[value, patches]`; a root's
 * objects met again later (in it or a later root) become references to the first place. Decoding
 * a prefix of the texts needs nothing from the rest. Objects `isValue` accepts (plain ones whose
 * identity nothing relies on) are written out wherever they occur instead. Throws on class
 * instances and functions.
 */
export function encodeGraph(roots: readonly unknown[], options: { readonly isValue?: (value: object) => boolean } = {}): string[] {
  const isValue = options.isValue ?? (() => false);
  const places = new Map<object, Place>();
  const rootHolders = new Map<object, number>();
  const pathOf = (holder: object, key: string): Path => {
    const keys: (string | number)[] = [];
    let at: object = holder;
    let k: string | number = key;
    for (;;) {
      const doc = rootHolders.get(at);
      if (doc !== undefined) {
        keys.push(doc);
        break;
      }
      keys.push(k);
      const place = places.get(at) as Place;
      at = place.holder;
      k = place.key;
    }
    return keys.reverse();
  };
  return roots.map((root, doc) => {
    const patches: Patch[] = [];
    const text = JSON.stringify(root, function (this: object, key: string, value: unknown): unknown {
      if (typeof value !== 'object' || value === null) {
        if (typeof value === 'number') {
          if (Number.isFinite(value) && !Object.is(value, -0)) return value;
          patches.push([4, pathOf(this, key), Object.is(value, -0) ? '-0' : String(value)]);
          return null;
        }
        if (value === undefined) {
          patches.push([3, pathOf(this, key)]);
          return null;
        }
        if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
        throw new Error(`a ${typeof value} cannot be kept in a checkpoint`);
      }
      if (key === '' && !places.has(this)) rootHolders.set(this, doc);
      if (isValue(value)) return value;
      const first = places.get(value);
      if (first !== undefined) {
        patches.push([2, pathOf(this, key), pathOf(first.holder, first.key)]);
        return null;
      }
      const place = { holder: this, key };
      places.set(value, place);
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === Array.prototype) return value;
      if (value instanceof Map || value instanceof Set) {
        const items = value instanceof Map ? [...value.entries()] : [...value.values()];
        // The stand-in is where the collection's items live in the text: paths go through it.
        places.set(items, place);
        patches.push([value instanceof Map ? 0 : 1, pathOf(this, key)]);
        return items;
      }
      throw new Error(`a ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'class'} instance cannot be kept in a checkpoint`);
    });
    return `[${text},${JSON.stringify(patches)}]`;
  });
}

type Node = Record<string | number, unknown>;

/** The roots `encodeGraph` encoded, from the first `texts.length` of its texts. */
export function decodeGraph(texts: readonly string[]): unknown[] {
  const roots: unknown[] = [];
  const patches: Patch[] = [];
  for (const text of texts) {
    const [value, own] = JSON.parse(text) as [unknown, Patch[]];
    roots.push(value);
    for (const patch of own) patches.push(patch);
  }
  const resolve = (path: Path): { holder: Node; key: string | number } => {
    let node = roots as unknown as Node;
    for (let i = 0; i < path.length - 1; i++) node = node[path[i] as string | number] as Node;
    return { holder: node, key: path[path.length - 1] as string | number };
  };
  // Every path is resolved before anything moves: they run through the text's shape.
  const places = patches.map((patch) => resolve(patch[1]));
  const targets = patches.map((patch) => {
    if (patch[0] !== 2) return undefined;
    const { holder, key } = resolve(patch[2]);
    return holder[key];
  });
  const collections = new Map<unknown, Map<unknown, unknown> | Set<unknown>>();
  patches.forEach((patch, i) => {
    if (patch[0] === 0 || patch[0] === 1) {
      const place = places[i] as { holder: Node; key: string | number };
      collections.set(place.holder[place.key], patch[0] === 0 ? new Map() : new Set());
    }
  });
  patches.forEach((patch, i) => {
    const { holder, key } = places[i] as { holder: Node; key: string | number };
    if (patch[0] === 2) holder[key] = collections.get(targets[i]) ?? targets[i];
    else if (patch[0] === 3) holder[key] = undefined;
    else if (patch[0] === 4) holder[key] = patch[2] === '-0' ? -0 : Number(patch[2]);
  });
  // Innermost first: a collection inside another's items is whole before the outer one is filled.
  for (let i = patches.length - 1; i >= 0; i--) {
    const patch = patches[i] as Patch;
    if (patch[0] !== 0 && patch[0] !== 1) continue;
    const { holder, key } = places[i] as { holder: Node; key: string | number };
    const items = holder[key] as unknown[];
    const collection = collections.get(items) as Map<unknown, unknown> | Set<unknown>;
    if (collection instanceof Map) for (const [k, v] of items as [unknown, unknown][]) collection.set(k, v);
    else for (const v of items) collection.add(v);
    holder[key] = collection;
  }
  return roots;
}
