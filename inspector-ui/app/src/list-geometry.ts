// Maps between a virtual list's scroll offset and row positions when the list may hold more rows
// than a browser can make tall (an element stops growing near 16-33 million pixels): past
// MAX_HEIGHT_PX the scrollbar is scaled, so its whole length still spans every row.
export const ROW_PX = 24;
export const MAX_HEIGHT_PX = 8_000_000;

export interface ListGeometry {
  /** Height of the scrolled content. */
  readonly contentPx: number;
  /** The (fractional) position of the row at the top of the viewport. */
  topRowAt(scrollTop: number): number;
  /** The scroll offset that puts row `position` at the top. */
  scrollTopFor(position: number): number;
}

export function listGeometry(total: number, viewportPx: number): ListGeometry {
  const exactPx = total * ROW_PX;
  if (exactPx <= MAX_HEIGHT_PX) return { contentPx: exactPx, topRowAt: (scrollTop) => scrollTop / ROW_PX, scrollTopFor: (position) => position * ROW_PX };
  const maxScroll = Math.max(1, MAX_HEIGHT_PX - viewportPx);
  const lastTopRow = Math.max(0, total - viewportPx / ROW_PX);
  return {
    contentPx: MAX_HEIGHT_PX,
    // Browsers round offsets this large: within a row of the end counts as the end.
    topRowAt: (scrollTop) => (scrollTop >= maxScroll - ROW_PX ? 1 : scrollTop / maxScroll) * lastTopRow,
    scrollTopFor: (position) => (Math.min(position, lastTopRow) / lastTopRow) * maxScroll,
  };
}

/** Reads what a user typed to jump to: an exchange id (`#123` or `123`), or a time (`10:04:05`, on the day of `dayOfMs`, UTC as shown; or ISO 8601). */
export function parseJump(text: string, dayOfMs: number): { exchange: number } | { atMs: number } | { problem: string } {
  const typed = text.trim();
  const id = /^#?(\d+)$/.exec(typed);
  if (id) return { exchange: Number(id[1]) };
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(typed);
  if (clock) {
    const day = new Date(dayOfMs);
    return { atMs: Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), Number((clock[4] ?? '0').padEnd(3, '0'))) };
  }
  const ms = Date.parse(typed);
  if (!Number.isNaN(ms)) return { atMs: ms };
  return { problem: `go to: "${typed}" is neither an exchange id (123) nor a time (10:04:05, UTC as the list shows, or ISO 8601)` };
}
