/**
 * Runs the command `record -- <command>` wraps: its stdin, stdout and stderr are ours, untouched;
 * Ctrl-C and SIGTERM reach it and we wait for it to end; its exit status comes back as a shell's.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import which from 'which';

export interface WrappedExit {
  /** The command's exit code; 128 + N when signal N ended it; 127/126 when it could not start. */
  readonly exitCode: number;
  /** Why it could not start, one line for the user; null when it ran. */
  readonly problem: string | null;
}

/** Checked before anything starts, so a mistyped command costs one line and no empty session. */
export async function commandProblem(file: string, env: NodeJS.ProcessEnv = process.env): Promise<WrappedExit | null> {
  if (await which(file, { nothrow: true, ...(env['PATH'] !== undefined ? { path: env['PATH'] } : {}) })) return null;
  if (file.includes('/') && existsSync(file)) return { exitCode: 126, problem: `cannot run "${file}": it is not an executable file` };
  return { exitCode: 127, problem: `cannot run "${file}": command not found` };
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runWrappedCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<WrappedExit> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.resolve({ exitCode: 127, problem: 'no command to run' });
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit', env });
    // A terminal's Ctrl-C reaches the child too; forwarding covers a signal sent to us alone (kill, CI), as npm and cross-env do.
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    let settled = false;
    const settle = (exit: WrappedExit): void => {
      if (settled) return;
      settled = true;
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(exit);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') settle({ exitCode: 127, problem: `cannot run "${file}": command not found` });
      else if (error.code === 'EACCES') settle({ exitCode: 126, problem: `cannot run "${file}": permission denied` });
      else settle({ exitCode: 126, problem: `cannot run "${file}": ${error.message}` });
    });
    child.on('exit', (code, signal) => settle({ exitCode: code ?? 128 + (signal ? constants.signals[signal] : 0), problem: null }));
  });
}
