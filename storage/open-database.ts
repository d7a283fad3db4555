/**
 * Opens a recording file: checks that it is ours, complete and not from the future before
 * SQLite touches it, sets WAL mode, and upgrades it with the migrations. Every refusal is a
 * StorageError whose message names the file and what to do.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './migrations.ts';
import { StorageError, explainSqliteError } from './storage-error.ts';

export interface OpenDatabaseOptions {
  /** Open without write access; an older file is then refused instead of upgraded. Default false. */
  readonly readOnly?: boolean;
  /** Create the file when it does not exist (never together with readOnly). Default false. */
  readonly create?: boolean;
  /** How long a write waits for another process's transaction before failing as locked. Default 5000. */
  readonly busyTimeoutMs?: number;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** What reads this format, for the "too new" sentence. */
const READER = 'ucwa-inspector';

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const readOnly = options.readOnly ?? false;
  const create = (options.create ?? false) && !readOnly;
  if (path !== ':memory:') checkFile(path, create);
  if (create && path !== ':memory:') createPrivately(path);

  let db: Database.Database;
  try {
    db = new Database(path, { readonly: readOnly, fileMustExist: !create });
  } catch (error) {
    throw explainSqliteError(path, error);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Checked before anything is written, so a foreign or future file is left exactly as it was.
    checkVersion(db, path, readOnly);
    if (!readOnly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL survives any process crash; only a power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw explainSqliteError(path, error);
  }
}

/**
 * A recording holds people's messages and (unredacted) tokens, so a new file is 0600. SQLite
 * gives its -wal and -shm files the database file's mode, so they are private too.
 */
function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new StorageError('io', `${path} cannot be created (${(error as Error).message}). Check that its folder exists and that you may write there.`);
  }
}

/** Refuses a missing, foreign or truncated file before SQLite opens it (SQLite would create or half-read it). */
function checkFile(path: string, create: boolean): void {
  if (!existsSync(path)) {
    if (create) return;
    throw new StorageError('not-found', `${path}: no such file. Check the path; a recording is created by \`ucwa-inspector record --db ${path}\` or \`ucwa-inspector import FILE --db ${path}\`.`);
  }
  const stat = statSync(path);
  if (stat.isDirectory()) throw new StorageError('io', `${path} is a directory, not a recording file. Give the path of a .db file.`);
  if (stat.size === 0) {
    if (create) return;
    throw new StorageError('not-a-recording', `${path} is empty (0 bytes), so it holds no recording. Check the path.`);
  }
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 16 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC)
    throw new StorageError('not-a-recording', `${path} is not an SQLite database (its first bytes are not "SQLite format 3"), so it is not a ucwa-inspector recording. Check the path.`);
  if (read < 100) throw new StorageError('corrupt', `${path} is truncated: it ends inside the 100-byte SQLite header (${stat.size} bytes). Restore it from a copy.`);
  // The page count in the header is valid when the "version-valid-for" number matches the change counter.
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const headerValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  const wal = `${path}-wal`;
  const walHoldsPages = existsSync(wal) && statSync(wal).size > 0;
  if (headerValid && !walHoldsPages && stat.size < pageSize * pageCount)
    throw new StorageError(
      'corrupt',
      `${path} is truncated: its header says ${pageCount} pages of ${pageSize} bytes (${pageSize * pageCount} bytes) but the file has ${stat.size}. Restore it from a copy.`,
    );
}

function checkVersion(db: Database.Database, path: string, readOnly: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    if (tables.length > 0 || version !== 0)
      throw new StorageError(
        'not-a-recording',
        `${path} is an SQLite database but not a ucwa-inspector recording (it has ${tables.length ? `tables ${tables.slice(0, 5).join(', ')}` : `user_version ${version}`}). Check the path.`,
      );
    if (readOnly) throw new StorageError('not-a-recording', `${path} is an empty SQLite database, not a ucwa-inspector recording. Check the path.`);
    return;
  }
  if (version > SCHEMA_VERSION)
    throw new StorageError(
      'too-new',
      `${path} is recording format version ${version}, written by a newer ${READER}; this ${READER} reads versions up to ${SCHEMA_VERSION}. Upgrade ${READER} to open it.`,
    );
  if (version < SCHEMA_VERSION && readOnly)
    throw new StorageError(
      'needs-upgrade',
      `${path} is recording format version ${version}; this ${READER} reads version ${SCHEMA_VERSION} and must upgrade the file first, which a read-only open cannot do. Run \`${READER} reindex --db ${path}\` once to upgrade it.`,
    );
}
