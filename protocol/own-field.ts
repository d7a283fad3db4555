/**
 * Safe writes and reads of records keyed by names that come off the wire. A body may name a
 * property `__proto__` or `constructor`; those must land as ordinary data, never touch prototypes.
 */

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

export function getOwn<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Appends to the array under `key`, creating it on first use; wire order is kept. */
export function pushOwn<T>(record: Record<string, T[]>, key: string, value: T): void {
  const existing = getOwn(record, key);
  if (existing) existing.push(value);
  else setOwn(record, key, [value]);
}
