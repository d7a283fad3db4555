/**
 * Reading any file `import` accepts, told apart by content (not by extension): a Fiddler archive
 * (zip magic), a fixture, a HAR, or a log of event-channel bodies. Also hashes the bytes, so the
 * store can notice the same file imported twice.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { looksLikeFixture, parseFixture } from '../fixture/read-fixture.ts';
import { parseHar } from '../har/read-har.ts';
import { StorageError } from '../storage-error.ts';
import { parseEventLog } from './read-event-log.ts';
import { parseSaz } from './read-saz.ts';
import type { ImportedSession } from './session-importer.ts';

export type ImportFormat = 'fixture' | 'har' | 'saz' | 'event-log';

export interface ImportFile {
  readonly format: ImportFormat;
  readonly session: ImportedSession;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  /** Sessions of the file left out on purpose, with why (`3 CONNECT tunnels`); empty when none. */
  readonly skipped: readonly string[];
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StorageError('not-found', `${path} does not exist. Check the path of the file to import.`);
    if (code === 'EISDIR') throw new StorageError('io', `${path} is a directory, not a file to import.`);
    throw new StorageError('io', `${path} cannot be read: ${(error as Error).message}.`);
  }
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** The session name a file gets when it does not carry one: its name without the extension. */
function nameOf(path: string): string {
  return basename(path).replace(/\.(har|json|saz|jsonl|log|txt)$/i, '');
}

export function readImportFile(path: string): ImportFile {
  const bytes = readBytes(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    const saz = parseSaz(bytes, path, nameOf(path));
    return { format: 'saz', session: saz.session, sha256, skipped: saz.skippedConnects > 0 ? [`${saz.skippedConnects} CONNECT tunnel session${saz.skippedConnects === 1 ? '' : 's'}`] : [] };
  }
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  let root: unknown;
  let jsonProblem: string | null = null;
  try {
    root = JSON.parse(text);
  } catch (error) {
    jsonProblem = (error as Error).message;
  }
  if (jsonProblem === null) {
    if (looksLikeFixture(root)) return { format: 'fixture', session: parseFixture(text, path), sha256, skipped: [] };
    if (typeof root === 'object' && root !== null && 'log' in root) return { format: 'har', session: parseHar(text, path, nameOf(path)), sha256, skipped: [] };
  }
  const log = parseEventLog(text, path, nameOf(path), statSync(path).mtimeMs);
  if (log) return { format: 'event-log', session: log, sha256, skipped: [] };
  throw new StorageError(
    'bad-import',
    `${path} is not a file import reads: not a Fiddler archive (.saz), a fixture (no "format": "ucwa-inspector-fixture"), a HAR file (no "log") or a log of event-channel bodies${jsonProblem === null ? '' : ` (it is not valid JSON: ${jsonProblem})`}. Export one with \`ucwa-inspector export\`, from your browser's network panel, or from Fiddler (File > Save > All Sessions).`,
  );
}
