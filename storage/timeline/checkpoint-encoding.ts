/**
 * A fold state turned into what a checkpoint row keeps (graph-codec.ts texts, deflated), as work
 * that can stop between pieces and go on later: the live writer gives it a few ms per turn, an
 * import runs it to the end at once. The state must not change until it is done.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { isSharedValue, timelineStateParts, type TimelineState } from '../../protocol/timeline/index.ts';
import { GraphEncoder } from './graph-encoder.ts';

/** What a checkpoint row stores of a state. */
export interface EncodedState {
  readonly timeline: Buffer;
  readonly machinery: Buffer;
  /** The timeline text, joined only when asked for (the newest checkpoint of a finished session). */
  plainTimeline(): string;
}

/** Characters deflated at once: each piece is its own deflate block run, a few ms at level 1 (256 K took 35-43 ms on a slow 2-core machine). */
const DEFLATE_CHARS = 1 << 16;

/** Deflates texts given in pieces, a piece at a time, into one raw deflate stream each. */
class PieceDeflater {
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
      while (this.piece < pieces.length && batch.length < DEFLATE_CHARS) {
        const piece = pieces[this.piece] as string;
        let end = Math.min(piece.length, this.offset + DEFLATE_CHARS - batch.length);
        // Never between the halves of a surrogate pair: each batch must be whole UTF-16.
        if (end < piece.length && end > this.offset && isHighSurrogate(piece.charCodeAt(end - 1))) end--;
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

export class StateEncoding {
  private readonly encoder: GraphEncoder;
  private deflater: PieceDeflater | null = null;
  private encoded: EncodedState | null = null;

  /** `inSlices` off: one `JSON.stringify` per text (fastest, for work allowed to block). */
  constructor(state: TimelineState, options: { readonly inSlices: boolean }) {
    const { timeline, machinery } = timelineStateParts(state);
    this.encoder = new GraphEncoder([timeline, machinery], { isValue: isSharedValue, inSlices: options.inSlices });
  }

  /** Works on until done (the row's contents) or `stop()` says so between pieces (null). */
  step(stop: () => boolean = () => false): EncodedState | null {
    if (this.encoded !== null) return this.encoded;
    if (!this.encoder.step(stop)) return null;
    const pieces = this.encoder.pieces();
    this.deflater ??= new PieceDeflater(pieces);
    if (!this.deflater.step(stop)) return null;
    const [timeline, machinery] = this.deflater.blobs as [Buffer, Buffer];
    const timelinePieces = pieces[0] as string[];
    this.encoded = { timeline, machinery, plainTimeline: () => timelinePieces.join('') };
    return this.encoded;
  }
}

/** The state encoded at once. */
export function encodedState(state: TimelineState): EncodedState {
  return new StateEncoding(state, { inSlices: false }).step() as EncodedState;
}
