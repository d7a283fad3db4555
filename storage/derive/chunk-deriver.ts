/**
 * The decoding half of derivation: reads raw rows through a connection (the writer's own, or a
 * read-only one in the derivation thread), derives them in order with each session's href index,
 * and encodes the rows to write (derived-cells.ts). It writes nothing.
 */
import type Database from 'better-sqlite3';
import { EXCHANGE_ROW_COLUMNS, exchangeRowOf } from '../exchange-row-array.ts';
import { toRecordedExchange, type ExchangeRow } from '../rows.ts';
import { deriveExchange, failedDerivation, type DerivedExchange } from '../../protocol/derive/derive-exchange.ts';
import { HrefIndex, type HrefFacts } from '../../protocol/derive/href-index.ts';
import { inputsFromExchange, type ExchangeRef, type TimelineInput } from '../../protocol/timeline/index.ts';
import { encodeDerived, encodeHrefChanges, type Cell, type DerivedChunk } from './derived-cells.ts';

export class ChunkDeriver {
  private readonly readRow: Database.Statement;
  private readonly loadHrefs: Database.Statement;
  private readonly indexes = new Map<number, HrefIndex>();

  /** `freshIndexes`: every session's index starts empty, not read from the file (a rebuild that clears the file's indexes meanwhile). */
  constructor(
    db: Database.Database,
    private readonly freshIndexes = false,
  ) {
    this.readRow = db.prepare(`SELECT ${EXCHANGE_ROW_COLUMNS} FROM exchanges WHERE id = ?`).raw();
    this.loadHrefs = db.prepare('SELECT h.href, h.rel, c.href AS conversation FROM hrefs h LEFT JOIN conversations c ON c.id = h.conversation_id WHERE h.session_id = ?');
  }

  /**
   * Derives the given exchanges in order (ids with no row are passed over). A session's index is
   * read from the file the first time one of its exchanges comes, then kept: call `forget` when
   * the file's indexes were cleared. `onExchange` hears the position in `ids` about to be derived.
   */
  derive(ids: readonly number[], onExchange?: (position: number) => void): DerivedChunk {
    const cells: Cell[] = [];
    const touched = new Set<number>();
    let exchanges = 0;
    for (let position = 0; position < ids.length; position++) {
      onExchange?.(position);
      const row = this.row(ids[position] as number);
      if (row === undefined) continue;
      const index = this.indexOf(row.session_id);
      const start = cells.length;
      try {
        encodeDerived(cells, row.id, row.session_id, row.seq, atMsOf(row), derivedOf(row, index));
      } catch (error) {
        // A row the stored-input encoding refuses costs its own derived rows, never the chunk.
        cells.length = start;
        encodeDerived(cells, row.id, row.session_id, row.seq, atMsOf(row), failedDerivation(error));
      }
      touched.add(row.session_id);
      exchanges++;
    }
    const hrefs: Cell[] = [];
    for (const sessionId of touched) encodeHrefChanges(hrefs, sessionId, (this.indexes.get(sessionId) as HrefIndex).takeChanges());
    return { cells, exchanges, hrefs };
  }

  /** One exchange recorded as failed to derive, for the reason given (the derivation thread stopped on it). */
  failed(id: number, reason: string): DerivedChunk {
    const row = this.row(id);
    const cells: Cell[] = [];
    if (row) encodeDerived(cells, row.id, row.session_id, row.seq, atMsOf(row), failedDerivation(new Error(reason)));
    return { cells, exchanges: row ? 1 : 0, hrefs: [] };
  }

  private row(id: number): ExchangeRow | undefined {
    const values = this.readRow.get(id) as unknown[] | undefined;
    return values === undefined ? undefined : exchangeRowOf(values);
  }

  forget(): void {
    this.indexes.clear();
  }

  private indexOf(sessionId: number): HrefIndex {
    let index = this.indexes.get(sessionId);
    if (index === undefined) {
      const rows = this.freshIndexes ? [] : (this.loadHrefs.all(sessionId) as { href: string; rel: string | null; conversation: string | null }[]);
      index = new HrefIndex(rows.map((row): [string, HrefFacts] => [row.href, { rel: row.rel, conversation: row.conversation }]));
      this.indexes.set(sessionId, index);
    }
    return index;
  }
}

/** When an exchange's events count as delivered: its first response byte, else its end. */
function atMsOf(row: ExchangeRow): number {
  return row.started_at_ms + (row.first_byte_ms ?? row.ended_ms ?? 0);
}

/** A derivation bug, or a raw row that does not read back, costs one exchange's derived rows, never the batch or the record. */
function derivedOf(row: ExchangeRow, index: HrefIndex): DerivedExchange {
  let ref: ExchangeRef;
  try {
    ref = { id: row.id, seq: row.seq, exchange: toRecordedExchange(row) };
  } catch (error) {
    return failedDerivation(error);
  }
  try {
    return deriveExchange(ref, index);
  } catch (error) {
    return failedDerivation(error, inputsApart(ref));
  }
}

/** The timeline inputs of an exchange whose derivation failed, when reading them alone succeeds. */
function inputsApart(ref: ExchangeRef): TimelineInput[] {
  try {
    return inputsFromExchange(ref);
  } catch {
    return [];
  }
}
