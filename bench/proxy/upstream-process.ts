/**
 * The bench upstream in a child process of its own, so the proxies under test (in the bench's
 * process) do not share their thread with it: each contender is measured doing only its own work.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBenchUpstream } from './bench-upstream.ts';

const SELF = fileURLToPath(import.meta.url);

export async function startUpstreamProcess(pollHoldMs: number): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, String(pollHoldMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /^port (\d+)$/m.exec(out);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`the bench upstream exited ${code} before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] === SELF) {
  const upstream = await startBenchUpstream(Number(process.argv[2] ?? 1500));
  process.stdout.write(`port ${upstream.port}\n`);
  process.once('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
}
