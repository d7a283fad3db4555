/**
 * What changes every run and so is not drift: ids the client or server picks anew (operationIds,
 * etags, tokens, session contexts), dates, and the places hrefs point to (server-chosen ids).
 * The PUT sentinel (a property named by a fresh GUID) is left out where resources are compared.
 */
import type { PropertyValue } from '../../protocol/resource.ts';
import { isUcwaDate } from '../../protocol/resource.ts';
import { DEFAULT_IGNORED } from '../request-key.ts';

/** Field and property names never compared (case-insensitive); `--ignore-field` adds more. */
/** A meeting's identity, chosen by the server for each meeting it makes, and sent back by clients (joinOnlineMeeting). */
export const SERVER_IDENTIFIERS: readonly string[] = ['onlineMeetingId', 'onlineMeetingUri', 'legacyOnlineMeetingUri', 'conferenceId'];

export const VOLATILE_FIELDS: readonly string[] = [...DEFAULT_IGNORED, 'id', 'etag', 'threadId', 'expires_in', 'ms_rtc_token', 'token', 'ticket', 'cookie', ...SERVER_IDENTIFIERS];

export function volatileNames(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...VOLATILE_FIELDS, ...extra].map((name) => name.toLowerCase()));
}

const HREF = /^(\/|[a-z][a-z0-9+.-]*:\/\/)/i;
const DATE_TEXT = /^(\/Date\(-?\d+([+-]\d{4})?\)\/|\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)$/;

/** A string that is an href (a place the server chose) rather than content. */
export function isHrefText(value: string): boolean {
  return HREF.test(value);
}

/** Values that differ every run by nature: two of them of the same nature compare equal. */
export function volatileNature(value: PropertyValue | undefined): 'date' | 'href' | null {
  if (value === undefined) return null;
  if (isUcwaDate(value)) return 'date';
  if (typeof value === 'string') {
    if (DATE_TEXT.test(value)) return 'date';
    if (isHrefText(value)) return 'href';
  }
  return null;
}
