/**
 * Text shortened for a line or a label. Cuts count UTF-16 units, as `length` does, but never fall
 * between the halves of a surrogate pair: a chat message's emoji cut in two shows as �.
 */

/** The first `end` units of `text`, one fewer when the last would be half of a pair. */
export function headOf(text: string, end: number): string {
  if (end >= text.length) return text;
  return text.slice(0, isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end);
}

/** Whether a UTF-16 unit is the first half of a surrogate pair. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `text` itself when it has at most `max` units, else its head and `…` in `max` units or fewer. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${headOf(text, max - 1)}…` : text;
}
