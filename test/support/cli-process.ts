/** Runs `ucwa-inspector` as a real child process: to completion (`runCli`) or as a server to talk to (`startCli`). */
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node's arguments that run the command from its TypeScript source with tsx as the loader: tests
 * run the checkout, not a build (the package's bin is the compiled dist/cli/ucwa-inspector.js).
 */
export const CLI_FROM_SOURCE: readonly string[] = [
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  fileURLToPath(new URL('../../cli/ucwa-inspector.ts', import.meta.url)),
];

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], options: { stdin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...CLI_FROM_SOURCE, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Long-running commands still up: a test that fails before stopping its command must not leave it running. */
const running = new Set<ReturnType<typeof spawn>>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a long-running command; `line(pattern)` waits for its stdout (or stderr) to show a match. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [...CLI_FROM_SOURCE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (pattern: RegExp, from: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 300; i++) {
      const match = pattern.exec(from === 'stdout' ? stdout : stderr);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no line matching ${pattern}; stdout: ${stdout}; stderr: ${stderr}`);
  };
  return { child, exited, line, output: () => ({ stdout, stderr }), stdout: () => stdout };
}
