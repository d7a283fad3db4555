/** The simulator's UCWA client: drives the simulator, the recording proxy or a replay the same way. */
export { UcwaClient, UcwaClientError, type UcwaClientOptions } from './ucwa-client.ts';
export { runScenario, summarize, type RunOptions, type ScenarioOutcome } from './run-scenario.ts';
export { holdCall, resumeCall } from './call-hold.ts';
export { markLogRead, readConversationLog, readConversationLogs, readMissedItems, type SeenLog, type SeenTranscript } from './conversation-log-reader.ts';
export type { MeetingSettings, MeetingView } from './meeting-actions.ts';
export { SeenState, type SeenConversation, type SeenInvitation, type SeenMessage, type SeenEvent } from './seen-state.ts';
export type { TransportOptions } from './http-transport.ts';
