import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/ucwa-inspector.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('../../recordings/outgoing-chat-json.json', import.meta.url));

function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 300; i++) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no line matching ${pattern}; stdout: ${stdout}; stderr: ${stderr}`);
  };
  return { child, exited, line, output: () => ({ stdout, stderr }) };
}

describe('ucwa-inspector replay', () => {
  it('serves a fixture, and with --strict exits 1 after a miss, printing the report', async () => {
    const run = startCli(['replay', fixture, '--strict', '--pace', 'instant']);
    const [, url] = await run.line(/^replay: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
    expect((await fetch(url as string)).status).toBe(200);
    expect((await fetch(new URL('/not/recorded', url))).status).toBe(404);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toMatch(/replay report: 1 matched, 1 missed, \d+ recorded exchanges unused\n {2}missed GET \/not\/recorded: ucwa-inspector replay: no recorded answer for GET \/not\/recorded/);
  });

  it('refuses a missing fixture and contradictory arguments', async () => {
    const missing = startCli(['replay', 'nope.json']);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toMatch(/nope\.json does not exist/);
    const both = startCli(['replay', fixture, '--db', 'x.db']);
    expect(await both.exited).toBe(2);
  });
});
