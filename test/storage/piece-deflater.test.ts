import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PieceDeflater } from '../../storage/timeline/piece-deflater.ts';

const BATCH = 1 << 16;
const EMOJI = '\u{1F600}';

function deflatedInSteps(texts: string[][]): { blobs: Buffer[]; steps: number } {
  const deflater = new PieceDeflater(texts);
  let steps = 1;
  while (!deflater.step(() => true)) steps++;
  return { blobs: deflater.blobs, steps };
}

describe('deflating a checkpoint text in batches', () => {
  // A chat message with an emoji lands anywhere in a checkpoint's text; the one at a batch's end once made the writer loop for ever.
  it.each([BATCH - 2, BATCH - 1, BATCH, 2 * BATCH - 1])('ends a batch before a surrogate pair that would straddle it (pair at %i) and inflates back to the text', (at) => {
    const text = `${'a'.repeat(at)}${EMOJI}${'b'.repeat(BATCH + 10)}${EMOJI}`;
    const { blobs } = deflatedInSteps([[text.slice(0, 1000), text.slice(1000)]]);
    expect(inflateRawSync(blobs[0] as Buffer).toString('utf8')).toBe(text);
  });

  it('writes one stream per text, a batch per step, whatever the pieces', () => {
    const first = 'x'.repeat(3 * BATCH + 5);
    const second = `{"message":"caf\u00e9 ${EMOJI}"}`.repeat(20_000);
    const whole = deflatedInSteps([[first], [second]]);
    const pieces = deflatedInSteps([[first.slice(0, 7), first.slice(7, BATCH + 3), first.slice(BATCH + 3)], second.match(/[\s\S]{1,999}/gu) as string[]]);
    expect(whole.steps).toBeGreaterThan(4);
    expect(pieces.blobs).toEqual(whole.blobs);
    expect(pieces.blobs.map((blob) => inflateRawSync(blob).toString('utf8'))).toEqual([first, second]);
  });
});
