/** A real temporary directory per test file for SQLite files and exports; removed by `cleanup`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly dir: string;
  /** A path inside the directory. */
  path(name: string): string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'ucwa-storage-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
