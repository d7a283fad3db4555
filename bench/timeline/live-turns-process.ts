/**
 * The live writer's checkpoint build timed turn by turn in a child process of its own, holding
 * what the recorder's writer thread holds (its deriver's href index of the session, and the fold it
 * keeps in memory) and not the bench's hundreds of MB of exchanges and inputs: a full collection
 * of those took 430 ms here, and would be timed as a pause of the writer.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Deriver } from '../../storage/derive/deriver.ts';
import { openDatabase } from '../../storage/open-database.ts';
import { LiveCheckpoints } from '../../storage/timeline/live-checkpoints.ts';

const SELF = fileURLToPath(import.meta.url);

export interface LiveTurns {
  /** Each turn's time, in order. */
  readonly turns: number[];
  readonly totalMs: number;
  /** Checkpoints written (the marker row not counted). */
  readonly written: number;
  /** The child's heap when the build ended: the writer's own memory, for the method's sentence. */
  readonly heapMb: number;
}

/** Deletes the session's checkpoints and builds them again as the live writer does, in a child process. */
export function liveTurnsInChild(file: string, sessionId: number, exchanges: number): LiveTurns {
  const child = spawnSync(process.execPath, ['--import', 'tsx', SELF, file, String(sessionId), String(exchanges)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`the live checkpoint build exited ${child.status}: ${child.stderr.trim().split('\n').at(-1) ?? ''}`);
  return JSON.parse(child.stdout) as LiveTurns;
}

function build(file: string, sessionId: number, exchanges: number): LiveTurns {
  const db = openDatabase(file);
  try {
    // The writer derives what it commits: its deriver keeps the session's href index from the first exchange on.
    const lastId = db.prepare('SELECT max(id) FROM exchanges WHERE session_id = ?').pluck().get(sessionId) as number;
    new Deriver(db).derive([lastId]);
    db.prepare('DELETE FROM timeline_checkpoints WHERE session_id = ?').run(sessionId);
    const live = new LiveCheckpoints(db, { catchUp: false });
    live.noteCommitted(sessionId, exchanges);
    const turns: number[] = [];
    const started = performance.now();
    for (let more = true; more; ) {
      const start = performance.now();
      more = live.runDue((error) => {
        throw error;
      });
      turns.push(performance.now() - start);
    }
    const totalMs = performance.now() - started;
    const written = db.prepare('SELECT count(*) FROM timeline_checkpoints WHERE session_id = ? AND fold_version <> 0').pluck().get(sessionId) as number;
    return { turns, totalMs, written, heapMb: Math.round(process.memoryUsage().heapUsed / 1e6) };
  } finally {
    db.close();
  }
}

if (process.argv[1] === SELF) {
  const [file, sessionId, exchanges] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(build(file as string, Number(sessionId), Number(exchanges))));
}
