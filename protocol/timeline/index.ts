/** Conversation timelines: inputs from recorded exchanges, the reducer, and renderings. */
export * from './timeline-types.ts';
export { emptyTimelineState, type TimelineState } from './timeline-state.ts';
export { reduceTimeline, foldTimeline } from './reduce-timeline.ts';
export { inputsFromExchange, timelineInputs, type ExchangeRef } from './inputs-from-exchange.ts';
export { foldedInputs, foldedPart } from './folded-part.ts';
export { renderTimelineText, timelineJson, TIMELINE_FORMAT_VERSION, type TimelineJson, type ConversationJson, type PresenceLaneJson } from './render-timeline.ts';
export { TIMELINE_FOLD_VERSION, timelineStateParts, timelineStateFromParts, isSharedValue, type TimelineMachinery } from './state-parts.ts';
