/**
 * Which thrown errors a user caused (bad arguments, a file that cannot be used, a port in use)
 * and the one line that tells them what and what to do. Anything else is a bug and keeps its stack.
 */
import { OptionError } from '../protocol/option-error.ts';
import { StorageError } from '../storage/storage-error.ts';
import { CommandError, UsageError } from './command.ts';

export interface UserError {
  readonly message: string;
  /** 2: the arguments were wrong (the line points at `--help`); 1: running failed. */
  readonly exitCode: 1 | 2;
}

/** What Node's system errors carry besides `code` (fs, net and dns fill in different fields). */
interface SystemError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

export function userError(error: unknown): UserError | undefined {
  if (error instanceof UsageError || error instanceof OptionError) return { message: error.message, exitCode: 2 };
  if (error instanceof StorageError || error instanceof CommandError) return { message: error.message, exitCode: 1 };
  const problem = listenProblem(error) ?? fileProblem(error);
  return problem === undefined ? undefined : { message: problem, exitCode: 1 };
}

/**
 * A server that could not start listening, as a sentence naming the flags that choose where;
 * undefined when `error` is something else. Every server command calls them --port and --host.
 */
export function listenProblem(error: unknown, portFlag = '--port', hostFlag = '--host'): string | undefined {
  if (!isSystemError(error)) return undefined;
  if (error.syscall === 'getaddrinfo' && (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'))
    return `${hostFlag} ${error.hostname ?? ''}: no such host name here (${error.code}); give an address of this machine, such as 127.0.0.1`;
  if (error.syscall !== 'listen') return undefined;
  const where = `port ${error.port ?? '?'} on ${error.address ?? '?'}`;
  if (error.code === 'EADDRINUSE') return `${where} is already in use; pick another with ${portFlag} or use ${portFlag} 0`;
  if (error.code === 'EACCES' || error.code === 'EPERM') return `${where} needs privileges this user lacks (ports below 1024 usually do); pick one from 1024 up with ${portFlag} or use ${portFlag} 0`;
  if (error.code === 'EADDRNOTAVAIL') return `${hostFlag} ${error.address ?? ''} is not an address of this machine; give one it has, such as 127.0.0.1 (or 0.0.0.0 for all)`;
  return undefined;
}

/** A CommandError naming `portFlag` for a listen failure, or `error` unchanged. */
export function listenFailure(error: unknown, portFlag: string, hostFlag = '--host'): unknown {
  const problem = listenProblem(error, portFlag, hostFlag);
  return problem === undefined ? error : new CommandError(problem, { cause: error });
}

const FILE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'it already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

const VERBS: Readonly<Record<string, string>> = { open: 'open', read: 'read', write: 'write', mkdir: 'create the folder', scandir: 'list', stat: 'read', lstat: 'read', unlink: 'remove', rename: 'rename', copyfile: 'copy', chmod: 'set permissions on' };

/** A file or folder a command could not use, as a sentence naming the path. */
function fileProblem(error: unknown): string | undefined {
  if (!isSystemError(error) || error.path === undefined) return undefined;
  const reason = FILE_REASONS[error.code];
  if (reason === undefined) return undefined;
  return `cannot ${VERBS[error.syscall ?? ''] ?? 'use'} ${error.path}: ${reason} (${error.code}). Check the path and its permissions.`;
}

/** The error's stack and its causes' stacks, for UCWA_INSPECTOR_DEBUG. */
export function stackOf(error: unknown): string {
  const parts: string[] = [];
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 5; at = (at as { cause?: unknown }).cause, depth++)
    parts.push(at instanceof Error ? (at.stack ?? `${at.name}: ${at.message}`) : String(at));
  return parts.join('\ncaused by: ');
}
