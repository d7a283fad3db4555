/** Locates the project's own copy of the UCWA reference corpus (`test/corpus/ucwa`, see its README for provenance). */
import { fileURLToPath } from 'node:url';

/** The folder holding `catalog.json`, `enums.json` and `samples/`. */
export const ucwaCorpusDir: string = fileURLToPath(new URL('../corpus/ucwa/', import.meta.url)).replace(/\/$/, '');
