// Other parts import the catalogue through protocol/index.ts; it must keep offering every piece by the same names.
import { describe, expect, it } from 'vitest';
import * as protocol from '../../../protocol/index.ts';
import { catalogEntry, resourceRelFor } from '../../../protocol/catalog/catalog.ts';
import { guessRel } from '../../../protocol/catalog/guess-rel.ts';
import { lintDecodedBody, lintEventBatch, lintResource } from '../../../protocol/catalog/lint.ts';
import { isPutSentinel } from '../../../protocol/catalog/put-sentinel.ts';
import { UCWA_ENUMS } from '../../../protocol/catalog/ucwa-enums.ts';

describe('protocol/index.ts', () => {
  it('re-exports the catalogue, lint, rel guessing, the PUT sentinel test and the enumerations', () => {
    expect(protocol).toMatchObject({ catalogEntry, resourceRelFor, guessRel, lintResource, lintEventBatch, lintDecodedBody, isPutSentinel, UCWA_ENUMS });
  });
});
