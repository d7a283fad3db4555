/**
 * The reducer's state as two plain parts, for keeping it between folds (fold checkpoints): the
 * session timeline, which a reader may want alone, and the machinery that folding on needs, with
 * the href index as its Map of facts. Both still hold Maps, Sets and shared objects.
 */
import { HrefIndex, type HrefFacts } from '../derive/href-index.ts';
import type { TimelineState } from './timeline-state.ts';
import type { SessionTimeline } from './timeline-types.ts';

/**
 * Bump when the reducer would fold stored inputs into a different state than before (a change to
 * protocol/timeline's apply-* modules, the reducer, the state's shape): stored checkpoints of other
 * versions are then passed over. test/protocol/timeline/fold-version.test.ts notices a change.
 */
export const TIMELINE_FOLD_VERSION = 5;

export type TimelineMachinery = Omit<TimelineState, 'timeline' | 'hrefs'> & { readonly hrefs: ReadonlyMap<string, HrefFacts> };

export function timelineStateParts(state: TimelineState): { readonly timeline: SessionTimeline; readonly machinery: TimelineMachinery } {
  const { timeline, hrefs, ...rest } = state;
  // The index's own Map, not a list of its entries: listing hundreds of thousands at once is one long pause.
  return { timeline, machinery: { ...rest, hrefs: hrefs.known() } };
}

/** The state again; `timeline` must be the one the machinery's shared objects belong to. */
export function timelineStateFromParts(timeline: SessionTimeline, machinery: TimelineMachinery): TimelineState {
  const { hrefs, ...rest } = machinery;
  return { timeline, hrefs: new HrefIndex(hrefs, false), ...rest };
}

/**
 * Whether an object in the state is a cause: the reducer never changes one and never compares
 * them by identity, so a copy serves wherever one is shared (a message and its change).
 */
export function isSharedValue(value: object): boolean {
  return 'exchangeId' in value && 'seq' in value && 'source' in value && !Array.isArray(value);
}
