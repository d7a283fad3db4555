/**
 * Object graphs (Maps, Sets, objects reached twice, undefined, -0) as JSON texts plus a short list
 * of patches: a fold checkpoint's encoding. `JSON.parse` builds a big timeline several times faster
 * than `v8.deserialize`, and only the patched places are visited again after it.
 */
import { GraphEncoder } from './graph-encoder.ts';

/** Where a value sits: the root's index among the texts, then keys down to it. */
export type Path = (string | number)[];

/** 0 Map (its entries stand in its place), 1 Set (its values), 2 the object at another path, 3 undefined, 4 a number JSON cannot say. */
export type Patch = [0, Path] | [1, Path] | [2, Path, Path] | [3, Path] | [4, Path, string];

/**
 * Encodes roots that may share objects into one JSON text each, `[value, patches]`; a root's
 * objects met again later (in it or a later root) become references to the first place. Decoding
 * a prefix of the texts needs nothing from the rest. Objects `isValue` accepts (plain ones whose
 * identity nothing relies on) are written out wherever they occur instead. Throws on class
 * instances and functions. In slices: graph-encoder.ts.
 */
export function encodeGraph(roots: readonly unknown[], options: { readonly isValue?: (value: object) => boolean } = {}): string[] {
  const encoder = new GraphEncoder(roots, { ...options, inSlices: false });
  encoder.step();
  return encoder.texts();
}

type Node = Record<string | number, unknown>;

/** The roots `encodeGraph` encoded, from the first `texts.length` of its texts. */
export function decodeGraph(texts: readonly string[]): unknown[] {
  return decodeGraphDocuments(texts.map((text) => JSON.parse(text) as unknown));
}

/** The same from the texts already parsed (each `[value, patches]`, as JSON.parse gives it): the parsed documents become the roots. */
export function decodeGraphDocuments(documents: readonly unknown[]): unknown[] {
  const roots: unknown[] = [];
  const patches: Patch[] = [];
  for (const document of documents) {
    const [value, own] = document as [unknown, Patch[]];
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
