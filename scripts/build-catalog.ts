/**
 * Regenerates `protocol/catalog/catalog-data.ts` and `protocol/catalog/ucwa-enums.ts` from the project's copy of the
 * reference corpus. Usage: `npx tsx scripts/build-catalog.ts [path/to/ucwa | path/to/catalog.json]`;
 * without an argument it reads `test/corpus/ucwa`.
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
      throw new Error(`No catalog.json at ${dir}. Pass a folder holding catalog.json and enums.json, or the catalog.json itself.`);
    return dir;
  }
  return resolve(repoRoot, 'test/corpus/ucwa');
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
