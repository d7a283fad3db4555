import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOLDERS, importViolations } from './support/import-rules.ts';

const SOURCE = /\.(ts|mts|js|mjs|svelte)$/;

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist') return [];
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : SOURCE.test(entry) ? [path] : [];
  });
}

describe('import direction (DESIGN.md)', () => {
  it('holds for every source file in the tree', () => {
    const roots = [...new Set(FOLDERS.map((f) => f.split('/')[0] as string))];
    const files = roots.flatMap((root) => sourceFiles(root));
    expect(files.length).toBeGreaterThan(0);
    const violations = files.flatMap((file) => importViolations(file, readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('flags node builtins and other folders in protocol/', () => {
    const source = "import { readFileSync } from 'node:fs';\nimport { openStore } from '../storage/recording-store.ts';\n";
    expect(importViolations('protocol/decode-json.ts', source)).toEqual([
      'protocol/decode-json.ts imports "node:fs", but protocol/ may not use Node builtins.',
      'protocol/decode-json.ts imports "../storage/recording-store.ts" from storage/, which protocol/ may not import.',
    ]);
  });

  it('flags sideways imports between proxy and replay, and any import of cli but a test\'s', () => {
    expect(importViolations('replay/replay-server.ts', "import { startProxy } from '../proxy/start-proxy.ts';")).toHaveLength(1);
    expect(importViolations('storage/x.ts', "import { main } from '../cli/main.ts';")).toEqual([
      'storage/x.ts imports "../cli/main.ts", but nothing may import cli/.',
    ]);
    expect(importViolations('bench/x.ts', "import { main } from '../cli/main.ts';")).toHaveLength(1);
    expect(importViolations('test/cli/x.test.ts', "import { main } from '../../cli/main.ts';")).toEqual([]);
  });

  it('keeps the browser app away from storage and packages it does not own', () => {
    const source = "import type { X } from '../../storage/rows.ts';\nimport { Hono } from 'hono';\nimport { mount } from 'svelte';";
    expect(importViolations('inspector-ui/app/main.ts', source)).toHaveLength(2);
  });
});
