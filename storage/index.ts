/** The recording store's public API. */
export { RecordingStore, type ImportedSession, type OpenStoreOptions, type RecordedRow, type RequestSide, type ResponseContent, type StartSessionOptions } from './recording-store.ts';
export { SessionRecorder, type EndOptions, type ExchangeRef, type RecorderOptions } from './session-recorder.ts';
export type { NewSession, SessionMode, SessionRecord } from './exchange-writer.ts';
export type { SessionSummary } from './queries/session-queries.ts';
export type { ExchangePage, ExchangePageQuery } from './queries/exchange-page.ts';
export type { StoredExchange } from './queries/exchange-detail.ts';
export type { ConversationSummary, EventPage, EventQuery } from './queries/event-queries.ts';
export type { ChangeBatch } from './queries/change-feed.ts';
export { StorageError, type StorageErrorCode } from './storage-error.ts';
export { exportFixture, openFixture, readFixtureFile } from './fixture/fixture-file.ts';
export { FIXTURE_FORMAT, FIXTURE_VERSION, type FixtureDocument } from './fixture/fixture-format.ts';
export { exportHar } from './har/har-file.ts';
export { readImportFile, type ImportFile, type ImportFormat } from './import/read-import-file.ts';
