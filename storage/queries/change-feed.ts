/**
 * The change feed: every write takes increasing change ids, so "rows changed after N" is an
 * index range scan. Each row appears once, in its latest state; a viewer that fell behind
 * catches up without replaying every intermediate write. Ids are taken inside the writing
 * transaction, so a reader never sees id N+1 committed before N.
 */
import type Database from 'better-sqlite3';
import type { SessionRecord } from '../exchange-writer.ts';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, toExchangeSummary, type ExchangeSummary, type SummaryRow } from './exchange-summary.ts';
import { toSessionRecord } from './session-queries.ts';

export type Change =
  /** A session started, ended, or was imported. */
  | { readonly kind: 'session'; readonly changeId: number; readonly session: SessionRecord }
  /** An exchange was added, completed or aborted, or its derived rows were (re)built. */
  | { readonly kind: 'exchange'; readonly changeId: number; readonly exchange: ExchangeSummary };

export interface ChangeBatch {
  readonly changes: readonly Change[];
  /** Pass as `afterChangeId` next time; equal to the argument when nothing changed. */
  readonly lastChangeId: number;
}

export function changesSince(db: Database.Database, afterChangeId: number, limit = 500): ChangeBatch {
  const sessions = (db.prepare('SELECT * FROM sessions WHERE change_id > ? ORDER BY change_id LIMIT ?').all(afterChangeId, limit) as (Parameters<typeof toSessionRecord>[0] & {
    change_id: number;
  })[]).map((row): Change => ({ kind: 'session', changeId: row.change_id, session: toSessionRecord(row) }));
  // An exchange changes when its recorded row is written and when it is derived, which takes its
  // id in exchange_derived (so derivation never rewrites the recorded row): two index range scans.
  const marks = db
    .prepare(
      `SELECT * FROM (SELECT id, change_id FROM exchanges WHERE change_id > :after ORDER BY change_id LIMIT :limit)
       UNION ALL SELECT * FROM (SELECT exchange_id, change_id FROM exchange_derived WHERE change_id > :after ORDER BY change_id LIMIT :limit)`,
    )
    .raw()
    .all({ after: afterChangeId, limit }) as [number, number][];
  const window = [...sessions.map((change) => ({ changeId: change.changeId, session: change })), ...marks.map(([exchangeId, changeId]) => ({ changeId, exchangeId }))]
    .sort((a, b) => a.changeId - b.changeId)
    .slice(0, limit);
  // An exchange written and derived within the window is one change, at the later id.
  const exchangeIds = new Map<number, number>();
  const changes: Change[] = [];
  for (const mark of window) {
    if ('session' in mark) changes.push(mark.session);
    else exchangeIds.set(mark.exchangeId, Math.max(mark.changeId, exchangeIds.get(mark.exchangeId) ?? 0));
  }
  const summary = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM exchanges e ${SUMMARY_JOINS} WHERE e.id = ?`);
  for (const [id, changeId] of exchangeIds) {
    const row = summary.get(id) as SummaryRow | undefined;
    if (row) changes.push({ kind: 'exchange', changeId, exchange: toExchangeSummary(row) });
  }
  changes.sort((a, b) => a.changeId - b.changeId);
  return { changes, lastChangeId: window.at(-1)?.changeId ?? afterChangeId };
}

/** The id of the newest change, to start following from "now". */
export function latestChangeId(db: Database.Database): number {
  return ((db.prepare("SELECT value FROM meta WHERE key = 'next_change_id'").pluck().get() as number | undefined) ?? 1) - 1;
}
