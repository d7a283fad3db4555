/**
 * The recording store: one SQLite file (WAL) holding sessions, raw exchanges (the record) and
 * rows derived from them. Open it read-write to record, import or reindex; open it read-only
 * to inspect or replay alongside a live recorder in another process or thread. Reads are
 * synchronous (better-sqlite3); recording is batched and asynchronous (SessionRecorder).
 */
import type Database from 'better-sqlite3';
import type { TimelineInput } from '../protocol/timeline/timeline-types.ts';
import { BULK_CHUNK, Deriver, type DeriveThreading, type ReindexProgress, type ReindexReport } from './derive/deriver.ts';
import { ExchangeWriter, type NewSession, type SessionRecord } from './exchange-writer.ts';
import { writeImportedSession, type ImportedSession, type ImportOptions } from './import/session-importer.ts';
import { openDatabase, type OpenDatabaseOptions } from './open-database.ts';
import { changesSince, latestChangeId, type ChangeBatch } from './queries/change-feed.ts';
import { followChanges } from './queries/follow-changes.ts';
import { getExchange, getExchangeBySeq, type StoredExchange } from './queries/exchange-detail.ts';
import { listExchanges, type ExchangeFilter, type ExchangePage, type ExchangePageQuery } from './queries/exchange-page.ts';
import { eventBatchesOf, listConversations, listEvents, type ConversationSummary, type EventPage, type EventQuery } from './queries/event-queries.ts';
import { conversationExchangeStarts, conversationPage, findConversations, type ConversationExchangeStart, type ConversationPage } from './queries/conversation-queries.ts';
import { exchangeTimelineInputs, sessionTimelineInputs, sessionTimelineInputStream } from './queries/timeline-input-queries.ts';
import { earlierResourceExchange } from './queries/earlier-resource.ts';
import { resourceHistory, type ResourceHistoryPage, type ResourceHistoryQuery } from './queries/resource-history.ts';
import { countExchanges, exchangeWindow, positionOf, type ExchangeWindow, type WindowQuery, type WindowTarget } from './queries/exchange-window.ts';
import { rowFacts, type RowFacts } from './queries/row-facts.ts';
import { countUnderived, findSession, getSession, getSessionRecord, listSessions, type SessionSummary } from './queries/session-queries.ts';
import { iterateExchanges, requestSides, responseContentOf, type RecordedRow } from './queries/exchange-rows.ts';
import type { RequestSide, ResponseContent } from './rows.ts';
import type { SessionRecorder } from './session-recorder.ts';
import { startSessionOn, type StartSessionOptions } from './session-start.ts';
import { StorageError, explainSqliteError } from './storage-error.ts';
import { foldFromCheckpoint, type FoldBound, type FoldedTimeline } from './timeline/checkpoint-fold.ts';
import { TimelineCheckpointer, type CheckpointPolicy, type CheckpointRun } from './timeline/checkpoints.ts';

export type OpenStoreOptions = OpenDatabaseOptions;

export type { RequestSide, ResponseContent } from './rows.ts';
export type { RecordedRow } from './queries/exchange-rows.ts';
export type { StartSessionOptions } from './session-start.ts';
export type { ImportedSession } from './import/session-importer.ts';

export class RecordingStore {
  private constructor(
    /** The file as given to `open`. */
    readonly path: string,
    private readonly db: Database.Database,
    readonly readOnly: boolean,
    private readonly busyTimeoutMs: number | undefined,
  ) {}

  /**
   * Opens (and with `create`, creates) a recording. Read-write opens upgrade an older file in
   * place; read-only opens refuse one. Throws StorageError naming the file when it is missing,
   * not a recording, damaged, locked, or from a newer version.
   */
  static open(path: string, options: OpenStoreOptions = {}): RecordingStore {
    return new RecordingStore(path, openDatabase(path, options), options.readOnly ?? false, options.busyTimeoutMs);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Starts recording a new session and returns its recorder. With `thread` (the default) the
   * writer runs in a worker thread on its own connection to this file.
   */
  async startSession(session: NewSession, options: StartSessionOptions = {}): Promise<SessionRecorder> {
    this.requireWritable('record');
    return startSessionOn({ path: this.path, db: this.db, busyTimeoutMs: this.busyTimeoutMs }, session, options);
  }

  listSessions(): SessionSummary[] {
    return this.read(() => listSessions(this.db));
  }

  getSession(id: number): SessionSummary | undefined {
    return this.read(() => getSession(this.db, id));
  }

  /** The session a user named by id or name; throws StorageError (`session-not-found`) listing what exists. */
  findSession(idOrName: string): SessionRecord {
    return this.read(() => findSession(this.db, this.path, idOrName));
  }

  listExchanges(query: ExchangePageQuery): ExchangePage {
    return this.read(() => listExchanges(this.db, query));
  }

  getExchange(id: number): StoredExchange | undefined {
    return this.read(() => getExchange(this.db, id));
  }

  getExchangeBySeq(sessionId: number, seq: number): StoredExchange | undefined {
    return this.read(() => getExchangeBySeq(this.db, sessionId, seq));
  }

  /** Every exchange of a session in seq order, read lazily (export, replay indexing). */
  iterateExchanges(sessionId: number): IterableIterator<RecordedRow> {
    return iterateExchanges(this.db, sessionId);
  }

  /** Every exchange of a session in seq order without its response's headers and body: what replay indexes by. */
  requestSides(sessionId: number): RequestSide[] {
    return this.read(() => requestSides(this.db, sessionId));
  }

  /** One exchange's response headers and body; null when it has no response or does not exist. */
  responseContentOf(exchangeId: number): ResponseContent | null {
    return this.read(() => responseContentOf(this.db, exchangeId));
  }

  listEvents(query: EventQuery): EventPage {
    return this.read(() => listEvents(this.db, query));
  }

  /** The session's event batches as derived (exchange id → event count, resync), or null while some exchanges are not derived yet. */
  eventBatchesOf(sessionId: number): Map<number, { readonly eventCount: number; readonly resync: boolean }> | null {
    return this.read(() => (countUnderived(this.db, sessionId) > 0 ? null : eventBatchesOf(this.db, sessionId)));
  }

  listConversations(sessionId: number): ConversationSummary[] {
    return this.read(() => listConversations(this.db, sessionId));
  }

  /** Sessions and exchanges written after change `afterChangeId`, oldest change first. */
  changesSince(afterChangeId: number, limit?: number): ChangeBatch {
    return this.read(() => changesSince(this.db, afterChangeId, limit));
  }

  latestChangeId(): number {
    return this.read(() => latestChangeId(this.db));
  }

  /**
   * Polls the change feed every `intervalMs` (default 100) and calls `onChanges` with each
   * non-empty batch, starting after `afterChangeId` (default: now). Returns a function that stops it.
   */
  followChanges(onChanges: (batch: ChangeBatch) => void, options: { afterChangeId?: number; intervalMs?: number } = {}): () => void {
    return followChanges(this, onChanges, options);
  }

  /**
   * Rebuilds derived rows from the raw bytes (all sessions, or one). The record itself is only
   * read. Bulk derivation (here, in deriveMissing and the imports) decodes in a second thread
   * while this one writes (see DeriveThreading); these calls still return when it is all written.
   */
  reindex(options: { sessionId?: number; onProgress?: (progress: ReindexProgress) => void } & DeriveThreading = {}): ReindexReport {
    this.requireWritable('reindex');
    return this.write(() => {
      const report = new Deriver(this.db).rebuild(options.sessionId ?? null, options.onProgress, undefined, options);
      this.checkpointSessions(options.sessionId ?? null);
      return report;
    });
  }

  /** Derives exchanges no writer derived yet (after an import, a crash, an upgrade). Returns how many. */
  deriveMissing(onProgress?: (progress: ReindexProgress) => void, chunkSize = BULK_CHUNK, threading: DeriveThreading = {}): number {
    this.requireWritable('derive');
    return this.write(() => {
      const derived = new Deriver(this.db).derivePending(onProgress, chunkSize, threading);
      if (derived > 0) this.checkpointSessions(null);
      return derived;
    });
  }

  /**
   * Adds a session read from a user's file: refuses a file imported before (see
   * `options.duplicate`), redacts with `options.redactor`, commits in chunks (a killed import
   * leaves a session marked incomplete), then derives it.
   */
  importFile(imported: ImportedSession, options: ImportOptions & { readonly onDerived?: (progress: ReindexProgress) => void } & DeriveThreading): SessionSummary {
    this.requireWritable('import');
    return this.write(() => {
      const sessionId = writeImportedSession(this.db, imported, options);
      new Deriver(this.db).rebuild(sessionId, options.onDerived, undefined, options);
      new TimelineCheckpointer(this.db).advance(sessionId, { complete: true });
      return getSession(this.db, sessionId) as SessionSummary;
    });
  }

  /** Adds a whole session in one transaction (nothing is written when it fails), then derives it: opening a fixture in memory. */
  importSession(imported: ImportedSession, onProgress?: (progress: ReindexProgress) => void, threading: DeriveThreading = {}): SessionSummary {
    this.requireWritable('import');
    return this.write(() => {
      const writer = new ExchangeWriter(this.db);
      const { sessionId } = writer.insertSession(imported.session, imported.exchanges);
      new Deriver(this.db).rebuild(sessionId, onProgress, undefined, threading);
      new TimelineCheckpointer(this.db).advance(sessionId, { complete: true });
      return getSession(this.db, sessionId) as SessionSummary;
    });
  }

  /** The session row alone (no counts): cheap. */
  getSessionRecord(id: number): SessionRecord | undefined {
    return this.read(() => getSessionRecord(this.db, id));
  }

  // Reads for views that must stay fast at a million exchanges (the inspector's list, timeline and detail).

  countExchanges(sessionId: number, filter: ExchangeFilter = {}): number {
    return this.read(() => countExchanges(this.db, sessionId, filter));
  }

  /** The exchanges at a position of the (filtered) session, with how many match in all. */
  exchangeWindow(query: WindowQuery): ExchangeWindow {
    return this.read(() => exchangeWindow(this.db, query));
  }

  /** Position of an exchange, or of the first exchange at or after a moment, in the (filtered) session. */
  positionOf(sessionId: number, filter: ExchangeFilter, target: WindowTarget): number | null {
    return this.read(() => positionOf(this.db, sessionId, filter, target));
  }

  conversationPage(sessionId: number, options: { readonly offset: number; readonly limit: number; readonly conversationId?: number }): ConversationPage {
    return this.read(() => conversationPage(this.db, sessionId, options));
  }

  /** Conversations a typed reference names (`137`, a path, `#12`). */
  findConversations(sessionId: number, reference: string): { readonly id: number; readonly href: string }[] {
    return this.read(() => findConversations(this.db, sessionId, reference));
  }

  /** The exchanges that touch a conversation in a time window, in id order. */
  conversationExchangeStarts(conversationId: number, window: { readonly fromMs?: number; readonly toMs?: number; readonly limit: number }): ConversationExchangeStart[] {
    return this.read(() => conversationExchangeStarts(this.db, conversationId, window));
  }

  /** A session's timeline inputs in fold order, up to `toMs` when given: stored by derivation, decoded from raw bytes only for exchanges not derived yet. */
  timelineInputs(sessionId: number, toMs?: number): TimelineInput[] {
    return this.read(() => sessionTimelineInputs(this.db, sessionId, toMs));
  }

  /** The same, read lazily as a fold consumes them; the connection is busy until the iteration ends, and SQLite errors surface while iterating. */
  timelineInputStream(sessionId: number, toMs?: number): Iterable<TimelineInput> {
    return this.read(() => sessionTimelineInputStream(this.db, sessionId, toMs));
  }

  /** The timeline inputs of some exchanges of one session, in fold order. */
  exchangeTimelineInputs(exchangeIds: readonly number[]): TimelineInput[] {
    return this.read(() => exchangeTimelineInputs(this.db, exchangeIds));
  }

  /**
   * A session's timelines up to a bound, from the newest usable fold checkpoint at or before it
   * plus a fold of the stored inputs after it (storage/timeline/checkpoint-fold.ts). A writable
   * store also drops checkpoints this build cannot use.
   */
  foldedTimeline(sessionId: number, bound: FoldBound): FoldedTimeline {
    return this.read(() => foldFromCheckpoint(this.db, sessionId, bound, !this.readOnly));
  }

  /** Folds a session's settled stored inputs on from its newest fold checkpoint and writes checkpoints, as derivation does after an import. */
  writeTimelineCheckpoints(sessionId: number, policy?: CheckpointPolicy): CheckpointRun {
    this.requireWritable('write timeline checkpoints');
    return this.write(() => new TimelineCheckpointer(this.db, policy).advance(sessionId));
  }

  /** Derived facts for one-line summaries of listed exchanges. */
  rowFacts(exchangeIds: readonly number[]): Map<number, RowFacts> {
    return this.read(() => rowFacts(this.db, exchangeIds));
  }

  /** The last exchange before `beforeExchangeId` whose response held the resource at `href`, if recent. */
  earlierResourceExchange(sessionId: number, href: string, beforeExchangeId: number): number | null {
    return this.read(() => earlierResourceExchange(this.db, sessionId, href, beforeExchangeId));
  }

  /** A page of the recorded states of one href, oldest first, with the state before the page. */
  resourceHistory(query: ResourceHistoryQuery): ResourceHistoryPage {
    return this.read(() => resourceHistory(this.db, query));
  }

  /** After derivation: fold checkpoints for one session, or every one. */
  private checkpointSessions(sessionId: number | null): void {
    const checkpointer = new TimelineCheckpointer(this.db);
    const ids = sessionId === null ? (this.db.prepare('SELECT id FROM sessions').pluck().all() as number[]) : [sessionId];
    for (const id of ids) checkpointer.advance(id);
  }

  private requireWritable(what: string): void {
    if (this.readOnly) throw new StorageError('io', `${this.path} is open read-only; open it without readOnly to ${what}.`);
  }

  private read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw explainSqliteError(this.path, error);
    }
  }

  private write<T>(work: () => T): T {
    return this.read(work);
  }
}
