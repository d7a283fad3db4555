/**
 * A live checkpoint written over several of the writer's turns: staged (a row readers never use),
 * its deflated texts added a piece at a time, each turn its own short transaction, then published
 * once the fold it holds is still the fold of what is stored. Inserting a big session's 6 MB in
 * one transaction took 60-110 ms on a slow machine, and raw batches waited for it.
 */
import type Database from 'better-sqlite3';
import type { EncodedState } from './checkpoint-encoding.ts';
import { addStagedPiece, deleteStaged, publishStaged, stageCheckpoint, type PartKey } from './checkpoint-rows.ts';

type Piece = readonly [part: 0 | 1, bytes: Buffer];

export class StagedCheckpoint {
  private next = 0;

  private constructor(
    private readonly db: Database.Database,
    private readonly sessionId: number,
    private readonly key: PartKey,
    private readonly id: number,
    private readonly pieces: readonly Piece[],
  ) {}

  /** Stages the checkpoint, or returns null when `holds` says the fold is stale already. */
  static stage(db: Database.Database, sessionId: number, key: PartKey, counts: { readonly parts: number; readonly inputs: number }, encoded: EncodedState, pieceBytes: number, holds: () => boolean): StagedCheckpoint | null {
    const id = db.transaction(() => (holds() ? stageCheckpoint(db, sessionId, key, counts) : null)).immediate();
    return id === null ? null : new StagedCheckpoint(db, sessionId, key, id, piecesOf(encoded, pieceBytes));
  }

  /** Whether every piece is in: it can be published. */
  get complete(): boolean {
    return this.next === this.pieces.length;
  }

  /**
   * Adds pieces, at least one, until all are in or `past()`, in one transaction. `gone`: a part at
   * or before the checkpoint's point changed, which deleted the staged row (and what it had).
   */
  addPieces(past: () => boolean): 'more' | 'all' | 'gone' {
    const added = this.db
      .transaction(() => {
        let next = this.next;
        do {
          const [part, bytes] = this.pieces[next] as Piece;
          if (!addStagedPiece(this.db, this.id, part, bytes)) return false;
          next++;
        } while (next < this.pieces.length && !past());
        this.next = next;
        return true;
      })
      .immediate();
    if (!added) return 'gone';
    return this.next === this.pieces.length ? 'all' : 'more';
  }

  /**
   * Makes it a checkpoint if `holds` still says so, running `alongside` (thinning) in the same
   * transaction; otherwise drops it and returns false.
   */
  publish(holds: () => boolean, alongside: () => void): boolean {
    const published = this.db
      .transaction(() => {
        if (!holds() || !publishStaged(this.db, this.sessionId, this.id, this.key)) return false;
        alongside();
        return true;
      })
      .immediate();
    if (!published) this.db.transaction(() => deleteStaged(this.db, this.id))();
    return published;
  }
}

/** The deflated texts cut into pieces of at most `size` bytes: the timeline's (part 0), then the machinery's (1). */
function piecesOf(encoded: EncodedState, size: number): Piece[] {
  const pieces: Piece[] = [];
  for (const [part, blob] of [[0, encoded.timeline], [1, encoded.machinery]] as const)
    for (let at = 0; at < blob.length; at += size) pieces.push([part, blob.subarray(at, at + size)]);
  return pieces;
}
