import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { flow } from '../support/record-until-killed.ts';
import { expectSameExchange } from '../support/same-exchange.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('../support/record-until-killed.ts', import.meta.url));
const FLOW = flow(0).length;

/** Runs the recording child until it has reported `flushes` flushes, then kills it with SIGKILL a moment later. */
function recordThenKill(path: string, mode: string, flushes: number): Promise<{ lastFlushed: number; pending: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, mode], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastFlushed = -1;
    let pending = -1;
    let seen = 0;
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^flushed (\d+) pending (\d+)$/.exec(line);
        if (!match) continue;
        lastFlushed = Number(match[1]);
        pending = Number(match[2]);
        // Kill at a varying point of the next batch: while it is queued, committing, or deriving.
        if (++seen === flushes) setTimeout(() => child.kill('SIGKILL'), seen % 7);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastFlushed, pending });
      else reject(new Error(`the recording child exited (${code ?? signal}) before it was killed: ${stderr}`));
    });
  });
}

describe('a recording process killed with SIGKILL mid-batch', () => {
  for (const mode of ['thread', 'in-process']) {
    it(`leaves a readable file with every flushed exchange intact (${mode} writer)`, async () => {
      const path = tmp.path(`killed-${mode}.db`);
      const { lastFlushed, pending } = await recordThenKill(path, mode, 4);
      expect(lastFlushed).toBeGreaterThanOrEqual(4 * FLOW - 1);

      const check = new Database(path, { readonly: true });
      expect(check.pragma('quick_check', { simple: true })).toBe('ok');
      check.close();

      const store = RecordingStore.open(path);
      const [session] = store.listSessions();
      expect(session?.name).toBe('killed mid-batch');
      expect(session?.endedAtMs).toBeNull();
      expect(session?.exchangeCount).toBeGreaterThan(lastFlushed);
      let checked = 0;
      for (const row of store.iterateExchanges(session?.id ?? 0)) {
        expect(row.seq).toBe(checked);
        const source = flow(Math.floor(row.seq / FLOW))[row.seq % FLOW];
        // Rows past the last reported flush may hold a later stage's commit or the first stage only, never a mix.
        if (row.exchange.stage === 'initiated') expectSameExchange({ ...row.exchange }, source && { stage: 'initiated', connectionId: source.connectionId, request: source.request, timings: { ...source.timings, firstByteMs: null, endedMs: null } });
        else expectSameExchange(row.exchange, source);
        checked++;
      }
      for (let seq = 0; seq <= lastFlushed; seq++) if (seq !== pending) expectSameExchange(store.getExchangeBySeq(session?.id ?? 0, seq)?.exchange, flow(Math.floor(seq / FLOW))[seq % FLOW]);

      // What the dead writer had not derived, the next one does.
      store.deriveMissing();
      expect(store.getSession(session?.id ?? 0)?.underivedCount).toBe(0);
      store.close();
    });
  }
});
