/**
 * Regenerates `protocol/catalog/catalog-data.ts` and `protocol/catalog/ucwa-enums.ts` from the shared reference
 * corpus. Usage: `npx tsx scripts/build-catalog.ts [path/to/shared/ucwa | path/to/catalog.json]`;
 * without an argument it tries `UCWA_SHARED_DIR`, then `../shared/ucwa` and `../../shared/ucwa` beside the repository.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalogModule } from './catalog-module.ts';
import { buildEnumsModule } from './enums-module.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export const CATALOG_MODULE_PATH = resolve(repoRoot, 'protocol/catalog/catalog-data.ts');
export const ENUMS_MODULE_PATH = resolve(repoRoot, 'protocol/catalog/ucwa-enums.ts');

/** The directory holding catalog.json and enums.json, from an argument or the usual places. */
export function locateCorpus(argument: string | undefined): string {
  if (argument !== undefined) {
    const path = resolve(argument);
    const dir = existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
    if (!existsSync(resolve(dir, 'catalog.json')))
      throw new Error(`No catalog.json at ${dir}. Pass the shared ucwa folder or its catalog.json.`);
    return dir;
  }
  const candidates = [process.env['UCWA_SHARED_DIR'], resolve(repoRoot, '../shared/ucwa'), resolve(repoRoot, '../../shared/ucwa')].filter(
    (c): c is string => c !== undefined,
  );
  const found = candidates.find((c) => existsSync(resolve(c, 'catalog.json')));
  if (!found) throw new Error(`No catalog.json in ${candidates.join(' or ')}. Pass the shared ucwa folder as an argument.`);
  return found;
}

function main(): void {
  const dir = locateCorpus(process.argv[2]);
  writeFileSync(CATALOG_MODULE_PATH, buildCatalogModule(readFileSync(resolve(dir, 'catalog.json'), 'utf8')));
  writeFileSync(ENUMS_MODULE_PATH, buildEnumsModule(readFileSync(resolve(dir, 'enums.json'), 'utf8')));
  process.stdout.write(`catalog: wrote ${CATALOG_MODULE_PATH} and ${ENUMS_MODULE_PATH} from ${dir}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`build-catalog: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
