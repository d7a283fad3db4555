// A conversation's changes as the `timeline --format text` command prints them, in its order, each
// kept with the exchange that caused it so the lane can link the line there.
import { changeLine } from '../../../protocol/timeline/render-timeline.ts';
import type { Cause, Conversation } from './timeline-types.ts';

export interface ChangeLine { readonly text: string; readonly cause: Cause }

export function changeLines(conv: Pick<Conversation, 'href' | 'key' | 'changes'>): ChangeLine[] {
  return conv.changes
    .map((change, i) => ({ change, i }))
    .sort((a, b) => a.change.atMs - b.change.atMs || a.i - b.i)
    .map(({ change }) => ({ text: changeLine(conv, change), cause: change.cause }));
}
