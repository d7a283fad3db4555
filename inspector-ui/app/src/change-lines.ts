// A lane's changes (a conversation's or a presence lane's) as the `timeline --format text` command
// prints them, in its order, each kept with the exchange that caused it so the lane can link the line there.
import { changeLine } from '../../../protocol/timeline/render-timeline.ts';
import type { Cause, Change } from './timeline-types.ts';

export interface ChangeLine { readonly text: string; readonly cause: Cause }

/** `label` is the lane's name in the text form: `conversationLabel(conv)` or `presenceLabel(lane)`. */
export function changeLines(label: string, changes: readonly Change[]): ChangeLine[] {
  return changes
    .map((change, i) => ({ change, i }))
    .sort((a, b) => a.change.atMs - b.change.atMs || a.i - b.i)
    .map(({ change }) => ({ text: changeLine(label, change), cause: change.cause }));
}
