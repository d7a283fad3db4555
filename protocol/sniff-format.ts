/**
 * Guesses a body's format from its first characters, for bodies whose Content-Type is missing
 * or contradicts them. Callers say in a warning whenever a sniffed format is used.
 */

export type SniffedFormat = 'json' | 'xml' | 'html' | 'form' | 'multipart' | 'text' | 'binary';

const HTML_START = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const FORM = /^[\w.%*+-]+=[^\s&=]*(?:&[\w.%*+-]+=[^\s&=]*)*$/;
const MULTIPART_FIRST_LINE = /^--[^\s]{1,70}\r?\n/;

export function sniffFormat(text: string): SniffedFormat {
  let start = 0;
  if (text.charCodeAt(0) === 0xfeff) start = 1;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  const head = text.slice(start, start + 512);
  if (head.includes('\u0000')) return 'binary';
  const first = head[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return HTML_START.test(head) ? 'html' : 'xml';
  // The docs print request bodies HTML-escaped; the XML decoder names that precisely.
  if (head.startsWith('&lt;')) return 'xml';
  if (MULTIPART_FIRST_LINE.test(head)) return 'multipart';
  if (text.length <= 65_536 && FORM.test(text.trim())) return 'form';
  return 'text';
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
