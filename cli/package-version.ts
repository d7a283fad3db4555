/** This package's version, for HAR `creator` and `--version`. */
import { readFileSync } from 'node:fs';

// Compiled, this file is dist/cli/package-version.js: one folder deeper than its source.
const PACKAGE_JSON = new URL(import.meta.url.endsWith('.ts') ? '../package.json' : '../../package.json', import.meta.url);

export function packageVersion(): string {
  const text = readFileSync(PACKAGE_JSON, 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
