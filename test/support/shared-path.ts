/** Locates the shared UCWA reference corpus (`../shared/ucwa`), present beside every checkout and in CI. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Tries `UCWA_SHARED_DIR`, then `../shared/ucwa` next to the repository, then next to the main checkout of a git worktree. */
export function sharedUcwaDir(): string {
  const candidates = [
    process.env['UCWA_SHARED_DIR'],
    resolve(repoRoot, '../shared/ucwa'),
    resolve(repoRoot, '../../shared/ucwa'),
  ].filter((c): c is string => typeof c === 'string');
  const found = candidates.find((c) => existsSync(resolve(c, 'catalog.json')));
  if (!found) {
    throw new Error(
      `The UCWA reference corpus was not found (looked in ${candidates.join(', ')}). ` +
        'Check out the shared folder beside this repository or set UCWA_SHARED_DIR.',
    );
  }
  return found;
}
