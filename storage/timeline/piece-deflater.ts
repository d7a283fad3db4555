/**
 * Texts given in pieces, deflated a batch of characters at a time into one raw deflate stream
 * each, so a checkpoint's tens of MB of JSON are compressed in slices a turn can afford.
 */
import { constants, deflateRawSync } from 'node:zlib';

/** Characters deflated at once: each piece is its own deflate block run, a few ms at level 1 (256 K took 35-43 ms on a slow 2-core machine). */
const DEFLATE_CHARS = 1 << 16;

/** Deflates texts given in pieces, a piece at a time, into one raw deflate stream each. */
export class PieceDeflater {
  /** One per text done. */
  readonly blobs: Buffer[] = [];
  /** The deflated batches of the text under way. */
  private parts: Buffer[] = [];
  private text = 0;
  private piece = 0;
  private offset = 0;

  constructor(private readonly texts: readonly (readonly string[])[]) {}

  /** Deflates on until done (true) or `stop()` says so between pieces (false). */
  step(stop: () => boolean): boolean {
    while (this.text < this.texts.length) {
      const pieces = this.texts[this.text] as readonly string[];
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
          this.piece++;
          this.offset = 0;
        }
      }
      const last = this.piece === pieces.length;
      // A sync flush ends a batch on a byte boundary, so the batches' output is one stream.
      this.parts.push(deflateRawSync(batch, { level: 1, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
      if (last) {
        this.blobs.push(Buffer.concat(this.parts));
        this.parts = [];
        this.text++;
        this.piece = 0;
      }
      if (this.text < this.texts.length && stop()) return false;
    }
    return true;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
