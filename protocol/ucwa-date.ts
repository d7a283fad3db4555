/**
 * Reads the two date spellings UCWA uses: ASP.NET AJAX `/Date(ms)/` in JSON (optionally with an
 * informational `+hhmm` suffix) and ISO-8601 with a zone in XML. Local times without a zone are
 * ambiguous and stay strings.
 */
import type { UcwaDate } from './resource.ts';

const ASPNET_DATE = /^\/Date\((-?\d{1,15})([+-]\d{4})?\)\/$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}:?\d{2})$/;

/** The date a string spells, or null when it is not one of UCWA's date forms. */
export function parseUcwaDate(text: string): UcwaDate | null {
  const first = text.charCodeAt(0);
  if (first === 0x2f /* / */) return parseAspNetDate(text);
  if (first >= 0x30 && first <= 0x39 && text.length >= 17) return parseIsoDate(text);
  return null;
}

function parseAspNetDate(text: string): UcwaDate | null {
  const match = ASPNET_DATE.exec(text);
  if (!match) return null;
  // The suffix is the sender's zone, for display only: the milliseconds are already UTC.
  const epochMs = Number(match[1]);
  return Number.isSafeInteger(epochMs) ? { kind: 'date', epochMs, text } : null;
}

function parseIsoDate(text: string): UcwaDate | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; UCWA dates never live there, so refuse rather than mis-read.
  if (year < 100) return null;
  return { kind: 'date', epochMs: utc - zoneOffsetMs(m[8] as string), text };
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
