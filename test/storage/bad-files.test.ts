import Database from 'better-sqlite3';
import { existsSync, readFileSync, truncateSync, writeFileSync, statSync, copyFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { StorageError } from '../../storage/storage-error.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

function openError(path: string, options: Parameters<typeof RecordingStore.open>[1] = {}): StorageError {
  try {
    RecordingStore.open(path, options).close();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error(`expected opening ${path} to fail`);
}

/** A complete recording with one session, checkpointed so the main file holds every page. */
async function recording(name: string): Promise<string> {
  const path = tmp.path(name);
  const store = RecordingStore.open(path, { create: true });
  const recorder = await store.startSession({ mode: 'reverse' }, { thread: false });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end();
  store.close();
  return path;
}

describe('opening a file that is not a usable recording', () => {
  it('names a missing file, suggests how to make one, and creates nothing', () => {
    const path = tmp.path('missing.db');
    const error = openError(path);
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(`${path}: no such file. Check the path; a recording is created by \`ucwa-inspector record --db ${path}\` or \`ucwa-inspector import FILE --db ${path}\`.`);
    expect(existsSync(path)).toBe(false);
    expect(openError(path, { readOnly: true }).code).toBe('not-found');
  });

  it('refuses a file that is not SQLite, naming it, and leaves it as it was', () => {
    const path = tmp.path('notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
    const before = readFileSync(path);
    for (const options of [{}, { create: true }, { readOnly: true }]) {
      const error = openError(path, options);
      expect(error.code).toBe('not-a-recording');
      expect(error.message).toBe(`${path} is not an SQLite database (its first bytes are not "SQLite format 3"), so it is not a ucwa-inspector recording. Check the path.`);
    }
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses an SQLite database of another application, listing its tables', () => {
    const path = tmp.path('other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    db.close();
    const before = readFileSync(path);
    const error = openError(path);
    expect(error.code).toBe('not-a-recording');
    expect(error.message).toBe(`${path} is an SQLite database but not a ucwa-inspector recording (it has tables customers, invoices). Check the path.`);
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses a truncated recording, giving the size its header promises and the size it has', async () => {
    const path = await recording('truncated.db');
    expect(existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0).toBe(false);
    const full = statSync(path).size;
    truncateSync(path, Math.floor(full / 2 / 4096) * 4096);
    const error = openError(path, { readOnly: true });
    expect(error.code).toBe('corrupt');
    expect(error.message).toMatch(new RegExp(`^${escape(path)} is truncated: its header says \\d+ pages of 4096 bytes \\(${full} bytes\\) but the file has \\d+\\. Restore it from a copy\\.$`));
  });

  it('refuses a file cut inside its header', async () => {
    const source = await recording('header-source.db');
    const path = tmp.path('header-cut.db');
    copyFileSync(source, path);
    truncateSync(path, 60);
    const error = openError(path);
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe(`${path} is truncated: it ends inside the 100-byte SQLite header (60 bytes). Restore it from a copy.`);
  });

  it('refuses an empty file instead of treating it as a recording', () => {
    const path = tmp.path('empty.db');
    writeFileSync(path, '');
    expect(openError(path).message).toBe(`${path} is empty (0 bytes), so it holds no recording. Check the path.`);
  });

  it('names a directory given as the file', () => {
    expect(openError(tmp.dir).message).toBe(`${tmp.dir} is a directory, not a recording file. Give the path of a .db file.`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
