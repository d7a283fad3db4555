import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PieceDeflater, wholeTexts, type PieceSource } from '../../storage/timeline/piece-deflater.ts';

const BATCH = 1 << 16;
const EMOJI = '\u{1F600}';

function deflatedInSteps(texts: string[][]): { blobs: Buffer[]; steps: number } {
  const deflater = new PieceDeflater(wholeTexts(texts));
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

  it('deflates pieces as they come into the same bytes, and drops each once deflated', () => {
    const timeline = `[{"text":"caf\u00e9 ${EMOJI}"},`.repeat(9_000);
    const machinery = 'm'.repeat(2 * BATCH + 17);
    const whole = deflatedInSteps([[timeline], [machinery]]).blobs;
    // The same texts handed over 1,000 characters at a time, the deflater asked to go on after each.
    const given: string[][] = [];
    let done = 0;
    const source: PieceSource = { count: 2, texts: () => given, whole: (index) => index < done };
    const deflater = new PieceDeflater(source);
    let waited = 0;
    [timeline, machinery].forEach((text, index) => {
      given.push([]);
      for (let at = 0; at < text.length; at += 1000) {
        (given[index] as string[]).push(text.slice(at, at + 1000));
        if (!deflater.step(() => false)) waited++;
      }
      done++;
    });
    expect(deflater.step(() => false)).toBe(true);
    expect(waited).toBeGreaterThan(100);
    expect(deflater.blobs).toEqual(whole);
    expect(given.every((pieces) => pieces.every((piece) => piece === ''))).toBe(true);
  });
});
