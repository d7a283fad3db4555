/**
 * What a `kill -9` of `ucwa-inspector record` costs: answered exchanges (the client received the
 * whole response) whose completion is missing from the file, over many kills at random moments
 * of steady traffic. Measures the recorder's commit cadence for completions (batch-queue.ts).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_FROM_SOURCE } from '../../test/support/cli-process.ts';
import type { Bench } from '../bench-section.ts';
import { startFixedBodyServer } from '../fixed-body-server.ts';

const KILLS = 20;
const CLIENTS = 8;

interface KillOutcome {
  readonly answered: number;
  readonly lost: number;
}

/** GET `url`; resolves true once the whole body arrived, false on any failure (the proxy died). */
function answered(url: string, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200 && response.complete));
      response.on('error', () => resolve(false));
    })
      .on('error', () => resolve(false))
      .end();
  });
}

async function oneKill(dir: string, upstream: string, round: number): Promise<KillOutcome> {
  const db = join(dir, `kill-${round}.db`);
  const child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'record', '--upstream', upstream, '--db', db, '--ca-dir', join(dir, 'ca')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proxy = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^proxy: (\S+)$/m.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`record exited (${code}) before it started`)));
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const ok: string[] = [];
  let running = true;
  let next = 0;
  const client = async (): Promise<void> => {
    while (running) {
      const path = `/ucwa/v1/conversations/${round}-${next++}`;
      if (await answered(`${proxy}${path}`, agent)) ok.push(path);
    }
  };
  const clients = Array.from({ length: CLIENTS }, () => client());
  // Kill at a different moment of steady traffic each round.
  await new Promise((resolve) => setTimeout(resolve, 300 + ((round * 37) % 200)));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  running = false;
  await Promise.all(clients);
  agent.destroy();

  const file = new Database(db, { readonly: true });
  const rows = file.prepare('SELECT url, stage FROM exchanges').all() as { url: string; stage: string }[];
  file.close();
  const completed = new Set(rows.filter((row) => row.stage === 'completed').map((row) => new URL(row.url).pathname));
  return { answered: ok.length, lost: ok.filter((path) => !completed.has(path)).length };
}

export const killBench: Bench = {
  name: 'kill',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'ucwa-bench-kill-'));
    const upstream = await startFixedBodyServer(Buffer.from(JSON.stringify({ rel: 'conversation', state: 'Connected', padding: 'x'.repeat(1500) })));
    const outcomes: KillOutcome[] = [];
    try {
      for (let round = 0; round < KILLS; round++) outcomes.push(await oneKill(dir, upstream.url, round));
    } finally {
      await upstream.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const answeredTotal = outcomes.reduce((n, o) => n + o.answered, 0);
    const lostTotal = outcomes.reduce((n, o) => n + o.lost, 0);
    const worst = Math.max(...outcomes.map((o) => o.lost));
    const perKill = lostTotal / KILLS;
    const share = answeredTotal === 0 ? 0 : (100 * lostTotal) / answeredTotal;
    return {
      name: 'kill',
      title: 'Answered exchanges lost to kill -9 (storage/batch-queue.ts)',
      method: `${KILLS} rounds: \`ucwa-inspector record\` (a child process, writer thread, redaction on) in reverse mode in front of a node:http upstream answering 1.5 KB JSON; ${CLIENTS} keep-alive clients send GETs with distinct paths back to back; 300-500 ms into the traffic the recorder gets SIGKILL. An exchange is answered when its client read the whole 200 response; it is lost when the file, opened afterwards, has no completed row for its path (missing, or only its request). The recorder hands a completion to its writer on the next macrotask when the last batch went at least 10 ms before, else at the end of that 10 ms interval or right after the commit in progress (so under this load the writer commits one batch per interval); what remains is that interval plus the writer thread's latency (a commit, or a derivation chunk of up to 32 exchanges in progress, on a shared CPU). Issue 17 reported 1.1% lost (14 of 1,325) under a different, lighter load with the older 5 ms cadence; that figure is not comparable and there is no baseline in the same run.`,
      rows: [
        { metric: 'answered exchanges lost per kill -9 (mean)', value: Math.round(perKill * 100) / 100, unit: 'exchanges' },
        { metric: 'answered exchanges lost, worst kill', value: worst, unit: 'exchanges' },
        { metric: `answered exchanges lost, all ${KILLS} kills`, value: Math.round(share * 1000) / 1000, unit: `% of ${answeredTotal} answered (${lostTotal} lost)` },
      ],
    };
  },
};
