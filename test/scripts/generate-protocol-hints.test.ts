import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectPropertyTypes, OUTPUTS, renderPropertyHints } from '../../scripts/generate-protocol-hints.ts';
import { ucwaCorpusDir } from '../support/corpus-path.ts';

describe('the generated property hint table', () => {
  const shared = ucwaCorpusDir;

  it('matches what the generator makes from the corpus (regenerate with npx tsx scripts/generate-protocol-hints.ts)', () => {
    expect(readFileSync(OUTPUTS.propertyHints, 'utf8')).toBe(renderPropertyHints(collectPropertyTypes(shared)));
  });

  it('type numeric-looking string properties as strings and leave out names the samples disagree on', () => {
    const types = collectPropertyTypes(shared);
    expect([...(types.get('participantCount')?.keys() ?? [])]).toEqual(['number']);
    expect([...(types.get('operationId')?.keys() ?? [])]).toEqual(['string']);
    expect(renderPropertyHints(types)).toMatch(/Left out because the samples disagree:\n \*   duration: string ×\d+, number ×\d+/);
  });
});
