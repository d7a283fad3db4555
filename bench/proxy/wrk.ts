/**
 * Load from `wrk` (Debian's package), a load generator in C that is not itself the bottleneck:
 * the proxies under test run in this process, so wrk runs as a child and this process only waits.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface WrkResult {
  readonly perSecond: number;
  /** Requests completed in the run. */
  readonly requests: number;
  /** Socket errors plus responses that were not 2xx/3xx. */
  readonly errors: number;
  /** Median latency in milliseconds (wrk's 50th percentile). */
  readonly medianMs: number;
}

const PATH = '/ucwa/v1/applications/1/communication/conversations/137';
const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** GETs of a small resource on `connections` keep-alive connections (wrk keeps them open) for `durationMs`. */
export async function wrk(target: string, connections: number, durationMs: number): Promise<WrkResult> {
  const threads = Math.min(2, connections);
  const url = new URL(PATH, target).href;
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${Math.round(durationMs / 1000)}s`, '--latency', '-H', 'Accept: application/json', url];
  await run(['-t', String(threads), '-c', String(connections), '-d', '1s', '-H', 'Accept: application/json', url]); // warm-up
  return parseWrk(await run(args));
}

function run(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk ${args.join(' ')} exited ${code}: ${out.trim()}`))));
  });
}

/** Reads `Requests/sec`, the error lines and the 50% latency from wrk's report. */
export function parseWrk(report: string): WrkResult {
  const perSecond = /Requests\/sec:\s+([\d.]+)/.exec(report);
  if (!perSecond) throw new Error(`wrk printed no Requests/sec:\n${report}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(report)?.[1] ?? 0);
  const median = /^\s*50%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(report);
  return {
    perSecond: Math.round(Number(perSecond[1])),
    requests: Number(/(\d+) requests in /.exec(report)?.[1] ?? 0),
    errors: socketErrors + non2xx,
    medianMs: median ? Number(median[1]) * (UNIT_MS[median[2] as string] ?? 1) : Number.NaN,
  };
}
