/**
 * The import table of DESIGN.md as data, and a checker that reads a file's import specifiers.
 * Kept apart from the test so the test can prove the checker catches a violation.
 */
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/** Where a specifier points: one of our folders, a package, or a Node builtin. */
export type ImportTarget = { kind: 'folder'; folder: Folder } | { kind: 'package'; name: string } | { kind: 'node' };

/** Folders in the order that longer prefixes win (`inspector-ui/app` before `inspector-ui`). */
export const FOLDERS = [
  'protocol',
  'storage',
  'proxy',
  'replay',
  'simulator',
  'inspector-ui/server',
  'inspector-ui/api',
  'inspector-ui/app',
  'cli',
  'recordings',
  'bench',
  'test',
  'scripts',
  'types',
] as const;
export type Folder = (typeof FOLDERS)[number];

interface Rule {
  folders: readonly Folder[];
  packages: readonly string[];
  node: boolean;
}

/** What each folder may import besides itself. `cli`, `test`, `bench`, `scripts` may import anything. */
export const IMPORT_RULES: Partial<Record<Folder, Rule>> = {
  protocol: { folders: [], packages: ['fast-xml-parser'], node: false },
  storage: { folders: ['protocol'], packages: ['better-sqlite3', 'fflate', 'fast-xml-parser'], node: true },
  proxy: { folders: ['protocol', 'storage'], packages: ['http-mitm-proxy', 'node-forge'], node: true },
  replay: { folders: ['protocol', 'storage'], packages: [], node: true },
  simulator: { folders: ['protocol', 'storage'], packages: ['node-forge'], node: true },
  'inspector-ui/server': {
    folders: ['protocol', 'storage', 'inspector-ui/api'],
    packages: ['hono', '@hono/node-server'],
    node: true,
  },
  'inspector-ui/api': { folders: ['protocol'], packages: [], node: false },
  'inspector-ui/app': { folders: ['protocol', 'inspector-ui/api'], packages: ['svelte'], node: false },
};

/** Nothing may import these (composition roots), except tests that run them in-process. */
export const NEVER_IMPORTED: readonly Folder[] = ['cli'];

export function folderOf(repoRelativePath: string): Folder | undefined {
  const path = repoRelativePath.split(sep).join('/');
  const sorted = [...FOLDERS].sort((a, b) => b.length - a.length);
  return sorted.find((f) => path === f || path.startsWith(`${f}/`));
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec) found.push(spec);
  }
  return found;
}

export function classify(specifier: string, fromFile: string): ImportTarget | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) return { kind: 'node' };
  if (specifier.startsWith('.')) {
    const target = relative('.', join(dirname(fromFile), specifier));
    const folder = folderOf(target);
    return folder ? { kind: 'folder', folder } : undefined;
  }
  if (specifier.startsWith('ucwa-inspector/')) {
    const folder = folderOf(specifier.slice('ucwa-inspector/'.length));
    return folder ? { kind: 'folder', folder } : undefined;
  }
  // Vite's virtual and asset imports carry no dependency.
  if (specifier.startsWith('virtual:') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
  return { kind: 'package', name };
}

/** Violations in one file, as sentences naming the file, the import and the rule. */
export function importViolations(file: string, source: string): string[] {
  const from = folderOf(file);
  if (!from) return [];
  const rule = IMPORT_RULES[from];
  const problems: string[] = [];
  for (const specifier of importSpecifiers(source)) {
    const target = classify(specifier, file);
    if (!target) continue;
    if (target.kind === 'folder' && target.folder !== from && from !== 'test' && NEVER_IMPORTED.includes(target.folder)) {
      problems.push(`${file} imports "${specifier}", but nothing may import ${target.folder}/.`);
      continue;
    }
    if (!rule) continue;
    // Svelte's own subpaths (svelte/store...) count as svelte.
    if (target.kind === 'node' && !rule.node) problems.push(`${file} imports "${specifier}", but ${from}/ may not use Node builtins.`);
    if (target.kind === 'folder' && target.folder !== from && !rule.folders.includes(target.folder))
      problems.push(`${file} imports "${specifier}" from ${target.folder}/, which ${from}/ may not import.`);
    if (target.kind === 'package' && !rule.packages.includes(target.name))
      problems.push(`${file} imports the package "${target.name}", which ${from}/ may not use.`);
  }
  return problems;
}
