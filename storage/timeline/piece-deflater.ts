/**
 * Texts given in pieces, deflated a batch of characters at a time into one raw deflate stream
 * each, so a checkpoint's tens of MB of JSON are compressed in slices a turn can afford.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { isHighSurrogate } from '../../protocol/text/clip-text.ts';

/** Characters deflated at once: each piece is its own deflate block run, a few ms at level 1 (256 K took 35-43 ms on a slow 2-core machine). */
const DEFLATE_CHARS = 1 << 16;

/** Texts arriving in pieces: each text's array of pieces only grows until it is whole. */
export interface PieceSource {
  /** How many texts there will be. */
  readonly count: number;
  /** The texts so far (a text not begun yet is missing). */
  texts(): string[][];
  /** Whether text `index` is whole: no piece will be added to it. */
  whole(index: number): boolean;
}

/** Texts whose pieces are all there from the start. */
export function wholeTexts(texts: string[][]): PieceSource {
  return { count: texts.length, texts: () => texts, whole: () => true };
}

/**
 * Deflates texts as their pieces come, a batch at a time, into one raw deflate stream each; the
 * batches, so the bytes, are the same however the pieces are cut and whenever they come. Pieces
 * deflated are dropped (replaced by ''): a text wanted otherwise is read before it is deflated.
 */
export class PieceDeflater {
  /** One per text done. */
  readonly blobs: Buffer[] = [];
  /** The deflated batches of the text under way. */
  private parts: Buffer[] = [];
  private text = 0;
  private piece = 0;
  private offset = 0;

  constructor(private readonly source: PieceSource) {}

  /**
   * Deflates on until every text is done (true), or until `stop()` says so between batches or the
   * text under way needs more pieces first (false).
   */
  step(stop: () => boolean): boolean {
    while (this.text < this.source.count) {
      const pieces = this.source.texts()[this.text];
      if (pieces === undefined) return false;
      const whole = this.source.whole(this.text);
      // A batch of a text still growing must have more after it: otherwise it might be the last, which ends the stream.
      if (!whole && !this.moreThanABatch(pieces)) return false;
      let batch = '';
      let full = false;
      while (this.piece < pieces.length && !full) {
        const piece = pieces[this.piece] as string;
        let end = Math.min(piece.length, this.offset + DEFLATE_CHARS - batch.length);
        full = batch.length + end - this.offset === DEFLATE_CHARS;
        // Never between the halves of a surrogate pair: each batch must be whole UTF-16. The batch then ends one short.
        if (end < piece.length && isHighSurrogate(piece.charCodeAt(end - 1))) {
          end--;
          full = true;
        }
        batch += piece.slice(this.offset, end);
        this.offset = end;
        if (this.offset === piece.length) {
          pieces[this.piece] = '';
          this.piece++;
          this.offset = 0;
        }
      }
      const last = whole && this.piece === pieces.length;
      // A sync flush ends a batch on a byte boundary, so the batches' output is one stream.
      this.parts.push(deflateRawSync(batch, { level: 1, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
      if (last) {
        this.blobs.push(Buffer.concat(this.parts));
        this.parts = [];
        this.text++;
        this.piece = 0;
      }
      if (this.text < this.source.count && stop()) return false;
    }
    return true;
  }

  private moreThanABatch(pieces: readonly string[]): boolean {
    let chars = -this.offset;
    for (let i = this.piece; i < pieces.length; i++) {
      chars += (pieces[i] as string).length;
      if (chars > DEFLATE_CHARS) return true;
    }
    return false;
  }
}
