/**
 * Recognises the PUT sentinel: every PUT-able resource carries a property with a random GUID name
 * whose value asks to be sent back in the next PUT (PayloadFormat.md). It is documented behaviour,
 * not an undocumented property.
 */
import type { PropertyValue } from '../resource.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for `"56de7bbf-…": "please pass this in a PUT request"` (the docs also spell it "please pass me in a PUT request"). */
export function isPutSentinel(name: string, value: PropertyValue | undefined): boolean {
  return GUID.test(name) && typeof value === 'string' && /\bPUT\b/i.test(value);
}
