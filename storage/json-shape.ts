/**
 * Reading an imported JSON document field by field, so a bad file is refused with the JSON path
 * of the first thing wrong (`exchanges[3].request.headers[0]: expected [name, value]`).
 */

export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export type JsonObject = { readonly [key: string]: unknown };

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeError(path, `expected an object, found ${describe(value)}`);
  return value as JsonObject;
}

export function asArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new ShapeError(path, `expected an array, found ${describe(value)}`);
  return value;
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ShapeError(path, `expected a string, found ${describe(value)}`);
  return value;
}

export function asNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(path, `expected a number, found ${describe(value)}`);
  return value;
}

export function asInteger(value: unknown, path: string): number {
  const n = asNumber(value, path);
  if (!Number.isInteger(n) || n < 0) throw new ShapeError(path, `expected a whole number ≥ 0, found ${n}`);
  return n;
}

export function asBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ShapeError(path, `expected true or false, found ${describe(value)}`);
  return value;
}

export function orNull<T>(read: (value: unknown, path: string) => T): (value: unknown, path: string) => T | null {
  return (value, path) => (value === null ? null : read(value, path));
}

export function asOneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  const text = asString(value, path);
  if (!(allowed as readonly string[]).includes(text)) throw new ShapeError(path, `expected one of ${allowed.join(', ')}, found "${text}"`);
  return text as T;
}

export function asHeaderPairs(value: unknown, path: string): [string, string][] {
  return asArray(value, path).map((pair, i) => {
    const at = `${path}[${i}]`;
    const list = asArray(pair, at);
    if (list.length !== 2) throw new ShapeError(at, `expected [name, value], found ${list.length} items`);
    return [asString(list[0], `${at}[0]`), asString(list[1], `${at}[1]`)];
  });
}
