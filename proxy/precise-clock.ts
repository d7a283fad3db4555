/**
 * Wall-clock time with the monotonic clock's sub-millisecond resolution. Exchanges are ordered by
 * the time they started and the time their first byte came back; `Date.now()` truncates to whole
 * milliseconds, so a request a client sent 0.3 ms after reading an event could be stamped before
 * that event, and the timeline then saw the client act on a link it had not yet been offered.
 * Stamps from one clock keep cause before effect.
 */

/** How far the wall clock may move away from the monotonic one before we follow it (a clock set, or a day of drift). */
const FOLLOW_WALL_AFTER_MS = 1000;

let anchorWallMs = Date.now();
let anchorMonoMs = performance.now();

/** The wall-clock time, in fractional milliseconds since the epoch, of a `performance.now()` reading. */
export function wallTimeAt(monoMs: number): number {
  const wall = anchorWallMs + (monoMs - anchorMonoMs);
  const now = Date.now();
  if (Math.abs(now - wall) <= FOLLOW_WALL_AFTER_MS) return wall;
  anchorWallMs = now;
  anchorMonoMs = performance.now();
  return anchorWallMs + (monoMs - anchorMonoMs);
}
