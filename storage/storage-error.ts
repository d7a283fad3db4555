/**
 * The one error type storage throws at its edges (opening files, reading fixtures and HARs,
 * finding sessions). `code` lets the CLI choose what to suggest; `message` is a complete
 * sentence naming the file and the problem.
 */

export type StorageErrorCode =
  /** The database file does not exist (and the caller did not ask to create it). */
  | 'not-found'
  /** The file exists but is not an SQLite database, or not one of ours. */
  | 'not-a-recording'
  /** The file is shorter than its header says, or SQLite reports it malformed. */
  | 'corrupt'
  /** Written by a newer ucwa-inspector than this one. */
  | 'too-new'
  /** Older than this version, and opened read-only so it cannot be upgraded. */
  | 'needs-upgrade'
  /** Another process holds the write lock longer than the busy timeout. */
  | 'locked'
  /** A fixture or HAR file that cannot be imported as it is. */
  | 'bad-import'
  /** The same file (by SHA-256) was imported before, and the caller said neither again nor replace. */
  | 'already-imported'
  /** `--session` named no session, or more than one. */
  | 'session-not-found'
  | 'io';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** SQLite result codes better-sqlite3 reports, as the `code` of its `SqliteError`. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns an SQLite failure on `path` into a StorageError that says what to do, or returns the
 * error unchanged when it is not one a user can act on.
 */
export function explainSqliteError(path: string, error: unknown): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED')
    return new StorageError('locked', `${path} is locked by another process (a recording or import in progress?). Wait for it to finish, or stop it, then try again.`);
  if (code === 'SQLITE_NOTADB') return new StorageError('not-a-recording', `${path} is not an SQLite database, so it is not a ucwa-inspector recording. Check the path.`);
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_'))
    return new StorageError('corrupt', `${path} is damaged (SQLite says: ${(error as Error).message}). Restore it from a copy, or export what is readable with \`sqlite3 ${path} .recover\`.`);
  if (code === 'SQLITE_CANTOPEN') return new StorageError('io', `${path} cannot be opened (${(error as Error).message}). Check the path and its permissions.`);
  if (code === 'SQLITE_FULL') return new StorageError('io', `${path}: the disk is full. Free some space; everything committed before this is intact.`);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_'))
    return new StorageError('io', `${path} cannot be written (${(error as Error).message}). Check its permissions, or open it read-only.`);
  return error;
}
