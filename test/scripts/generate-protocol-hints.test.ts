import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resourceRelFor } from '../../protocol/catalog.ts';
import { collectPropertyTypes, collectRelationshipTypes, OUTPUTS, renderPropertyHints } from '../../scripts/generate-protocol-hints.ts';
import { sharedUcwaDir } from '../support/shared-path.ts';

describe('the generated protocol hint tables', () => {
  const shared = sharedUcwaDir();

  it('match what the generator makes from the corpus (regenerate with npx tsx scripts/generate-protocol-hints.ts)', () => {
    expect(readFileSync(OUTPUTS.propertyHints, 'utf8')).toBe(renderPropertyHints(collectPropertyTypes(shared)));
  });

  it('type numeric-looking string properties as strings and leave out names the samples disagree on', () => {
    const types = collectPropertyTypes(shared);
    expect([...(types.get('participantCount')?.keys() ?? [])]).toEqual(['number']);
    expect([...(types.get('operationId')?.keys() ?? [])]).toEqual(['string']);
    expect(renderPropertyHints(types)).toMatch(/Left out because the samples disagree:\n \*   duration: string ×\d+, number ×\d+/);
    expect(collectRelationshipTypes(shared).get('localParticipant')).toBe('participant');
    expect(collectRelationshipTypes(shared).get('acceptedByParticipant')).toBe('participant');
  });

  it('agree with the catalogue the decoders use on what each relationship holds, but for one type no page documents', () => {
    const disagreements = [...collectRelationshipTypes(shared)].filter(([relationship, type]) => resourceRelFor(relationship) !== type);
    // startEmergencyCallInput embeds a startEmergencyCallParameters, a rel with no reference page; the embedded body names it itself.
    expect(disagreements).toEqual([['startEmergencyCallInput', 'startEmergencyCallParameters']]);
    expect(collectRelationshipTypes(shared).size).toBeGreaterThan(10);
  });
});
