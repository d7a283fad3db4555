/**
 * The JSON error shape (`code`, `subcode`, `message`, `debugInfo`, `parameters`, `link`), used for
 * synchronous error bodies and for `reason` inside events. Other fields are kept in `extra`.
 */
import { setOwn } from '../own-field.ts';
import { assembleUcwaError, type UcwaError } from '../ucwa-error.ts';
import { isJsonObject, type JsonMapContext, type JsonObject } from './json-values.ts';

/** A JSON object that reads as an error body rather than a resource. */
export function looksLikeJsonError(object: JsonObject): boolean {
  return typeof object['code'] === 'string' && !('_links' in object) && !('rel' in object) && !('sender' in object);
}

export function readJsonError(object: JsonObject, path: string, context: JsonMapContext): UcwaError {
  let code: string | undefined;
  let subcode: string | undefined;
  let message: string | undefined;
  let debugInfo: Record<string, string> | undefined;
  let parameters: Record<string, string> | undefined;
  let link: { rel: string; href: string } | undefined;
  const extra: Record<string, string> = {};
  const keep = (key: string, value: unknown): void => {
    if (value !== null && value !== undefined) setOwn(extra, key, asText(value));
  };
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (key === 'code' && typeof value === 'string') code = value;
    else if (key === 'subcode' && typeof value === 'string') subcode = value;
    else if (key === 'message' && typeof value === 'string') message = value;
    else if (key === 'debugInfo' && (isJsonObject(value) || Array.isArray(value))) debugInfo = textsByName(value);
    else if (key === 'parameters' && (isJsonObject(value) || Array.isArray(value))) parameters = textsByName(value);
    else if (key === 'link' && isJsonObject(value) && typeof value['href'] === 'string') link = { rel: typeof value['rel'] === 'string' ? value['rel'] : '', href: value['href'] };
    else keep(key, value);
  }
  if (code === undefined) context.warnings.push(`error at ${path} has no string code; kept with an empty code`);
  return assembleUcwaError({ code, subcode, message, debugInfo, parameters, link, extra });
}

/** `{name: value}` objects, or lists of `{name, value}` pairs, as name → text. */
function textsByName(value: JsonObject | readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (isJsonObject(item) && typeof item['name'] === 'string') setOwn(out, item['name'], asText(item['value'] ?? ''));
      else setOwn(out, String(index), asText(item));
    });
  } else for (const key of Object.keys(value)) setOwn(out, key, asText((value as JsonObject)[key]));
  return out;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}
