/**
 * JSON values to typed property values: JSON's own types, dates recognised in strings
 * (`/Date(ms)/`, ISO-8601 with a zone), objects that are not resources as PropertyRecords.
 */
import { BodyShapeError } from '../body-shape-error.ts';
import { setOwn } from '../own-field.ts';
import type { PropertyValue } from '../resource.ts';
import { parseUcwaDate } from '../ucwa-date.ts';

/** Resources, records and lists together never nest this deep in UCWA; deeper is refused, not recursed. */
export const MAX_JSON_DEPTH = 64;

export type JsonObject = { readonly [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON mapper reports back besides the model. */
export interface JsonMapContext {
  readonly warnings: string[];
}

export function jsonPropertyValue(value: unknown, path: string, depth: number): PropertyValue {
  switch (typeof value) {
    case 'string': {
      const c = value.charCodeAt(0);
      // Only strings that start like a date can be one; skip the parse for the rest.
      if (c === 0x2f || (c >= 0x30 && c <= 0x39)) return parseUcwaDate(value) ?? value;
      return value;
    }
    case 'number':
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_JSON_DEPTH) throw new BodyShapeError(`values nest deeper than ${MAX_JSON_DEPTH} levels at ${path}`);
      if (Array.isArray(value)) return value.map((item, index) => jsonPropertyValue(item, `${path}[${index}]`, depth + 1));
      const fields: Record<string, PropertyValue> = {};
      for (const key of Object.keys(value)) setOwn(fields, key, jsonPropertyValue((value as JsonObject)[key], `${path}.${key}`, depth + 1));
      return { kind: 'record', fields };
    }
    default:
      throw new BodyShapeError(`unexpected ${typeof value} at ${path}`);
  }
}
