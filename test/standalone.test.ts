/**
 * The repository stands alone: no file may name the folder that sits beside some checkouts, so a clone with
 * nothing beside it builds, tests and benches exactly as one with it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
// Spelled in two halves so this file does not name it itself.
const outsideFolder = ['..', 'shared'].join('/');

/** Every file git tracks or would track (untracked, not ignored), as paths relative to the root. */
function projectFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  return out.split('\0').filter((path) => path !== '');
}

describe('the repository', () => {
  it('names no folder outside itself in any file', () => {
    const naming = projectFiles().filter((path) => {
      try {
        return readFileSync(new URL(path, `file://${repoRoot}`), 'utf8').includes(outsideFolder);
      } catch {
        return false; // deleted in the working tree but still in the index
      }
    });
    expect(naming).toEqual([]);
  });

  it('carries the reference corpus its tests read, with its provenance', () => {
    const files = projectFiles();
    expect(files).toContain('test/corpus/ucwa/catalog.json');
    expect(files).toContain('test/corpus/ucwa/samples/index.json');
    expect(readFileSync(new URL('test/corpus/README.md', `file://${repoRoot}`), 'utf8')).toMatch(/CC BY 4\.0/);
  });
});
