import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../storage/open-database.ts';
import { PARTS_BETWEEN } from '../../storage/timeline/checkpoint-fold.ts';
import { PARTS_AFTER, partsAfter } from '../../storage/timeline/checkpoints.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-parts-range-');
afterAll(() => tmp.cleanup());

/**
 * The live writer reads the parts after its fold's point every few milliseconds: with the key's
 * OR alone SQLite read a session's parts from the first each time, and a 100,000-exchange build
 * took minutes instead of seconds.
 */
describe('reading stored timeline parts after a point', () => {
  it('starts its index range at the point, for the reads after a key and between two keys', () => {
    const db = openDatabase(tmp.path('plan.db'), { create: true });
    try {
      for (const sql of [PARTS_AFTER, PARTS_BETWEEN]) {
        const unbound = Array.from({ length: sql.split('?').length - 1 }, () => null);
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...unbound) as { detail: string }[]).map((row) => row.detail).join('\n');
        expect(plan).toMatch(/USING INDEX timeline_parts_in_order \(session_id=\? AND at_ms>\? AND at_ms<\?\)/);
        expect(plan).not.toMatch(/TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });

  it('takes the rest of a millisecond after a part in it, and nothing before', () => {
    const db = openDatabase(tmp.path('rows.db'), { create: true });
    try {
      db.prepare("INSERT INTO sessions (name, started_at_ms, mode, redacted, change_id) VALUES ('s', 0, 'reverse', 0, 1)").run();
      const insert = db.prepare("INSERT INTO timeline_parts (id, session_id, at_ms, seq, inputs) VALUES (?, 1, ?, ?, '[]')");
      const parts: [number, number][] = [[10, 5], [11, 5], [12, 5.5], [20, 6], [21, 6], [30, 7], [40, 9]];
      parts.forEach(([id, atMs], seq) => insert.run(id, atMs, seq));
      const ids = (from: { atMs: number; partId: number }, beforeMs: number): number[] => partsAfter(db, 1, from, beforeMs, 100).map(([id]) => id);
      expect(ids({ atMs: 5, partId: 10 }, 100)).toEqual([11, 12, 20, 21, 30, 40]);
      expect(ids({ atMs: 6, partId: 20 }, 9)).toEqual([21, 30]);
      expect(ids({ atMs: 6, partId: 21 }, 7)).toEqual([]);
      expect(ids({ atMs: -Number.MAX_VALUE, partId: -1 }, 6)).toEqual([10, 11, 12]);
    } finally {
      db.close();
    }
  });
});
