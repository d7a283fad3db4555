import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TIMELINE_FOLD_VERSION } from '../../../protocol/timeline/index.ts';

/** The modules whose code decides what the reducer's state is after a fold: stored checkpoints hold that state. */
const FOLD_MODULES = [
  'protocol/timeline/apply-event.ts',
  'protocol/timeline/apply-invitation.ts',
  'protocol/timeline/apply-meeting.ts',
  'protocol/timeline/apply-message.ts',
  'protocol/timeline/apply-presence.ts',
  'protocol/timeline/apply-resource.ts',
  'protocol/timeline/data-uri-text.ts',
  'protocol/timeline/learn-hrefs.ts',
  'protocol/timeline/participant-label.ts',
  'protocol/timeline/presence-lanes.ts',
  'protocol/timeline/reduce-timeline.ts',
  'protocol/timeline/timeline-state.ts',
  'protocol/timeline/state-parts.ts',
  'protocol/derive/href-index.ts',
];

/** Their code without comments and blank lines: a comment edit is no change to the fold. */
function foldCodeHash(): string {
  const hash = createHash('sha256');
  for (const path of FOLD_MODULES) {
    const text = readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
    const code = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*'))
      .join('\n');
    hash.update(`${path}\n${code}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

describe('the fold version', () => {
  it('changes with the reducer code, so stored fold checkpoints of an older reducer are passed over', () => {
    // When this fails after a change to the fold: if the change can give another state for the same
    // inputs, bump TIMELINE_FOLD_VERSION (protocol/timeline/state-parts.ts); then record the new hash here.
    expect({ version: TIMELINE_FOLD_VERSION, code: foldCodeHash() }).toEqual({ version: 5, code: 'b9d8f7aabd349d17' });
  });
});
