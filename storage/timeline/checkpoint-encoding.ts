/**
 * A fold state turned into what a checkpoint row keeps (graph-codec.ts texts, deflated), as work
 * that can stop between pieces and go on later: the live writer gives it a few ms per turn, an
 * import runs it to the end at once. The state must not change until it is done.
 */
import { isSharedValue, timelineStateParts, type TimelineState } from '../../protocol/timeline/index.ts';
import { GraphEncoder } from './graph-encoder.ts';
import { PieceDeflater } from './piece-deflater.ts';

/** What a checkpoint row stores of a state. */
export interface EncodedState {
  readonly timeline: Buffer;
  readonly machinery: Buffer;
  /** The timeline text, joined only when asked for (the newest checkpoint of a finished session). */
  plainTimeline(): string;
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
