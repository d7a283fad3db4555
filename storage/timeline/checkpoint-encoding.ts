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
  private readonly deflater: PieceDeflater;
  private readonly keepPlain: boolean;
  private encoded: EncodedState | null = null;

  /**
   * `inSlices` off: one `JSON.stringify` per text (fastest, for work allowed to block).
   * `keepPlain` off: the timeline text is dropped as it is deflated, and `plainTimeline` cannot be asked for.
   */
  constructor(state: TimelineState, options: { readonly inSlices: boolean; readonly keepPlain?: boolean }) {
    const { timeline, machinery } = timelineStateParts(state);
    const encoder = new GraphEncoder([timeline, machinery], { isValue: isSharedValue, inSlices: options.inSlices });
    this.encoder = encoder;
    this.keepPlain = options.keepPlain ?? true;
    // Only the timeline text (0) is ever wanted whole.
    this.deflater = new PieceDeflater({ count: 2, texts: () => encoder.piecesSoFar(), whole: (index) => encoder.rootDone(index) }, (text) => text === 0 && this.keepPlain);
  }

  /** Works on until done (the row's contents) or `stop()` says so between pieces (null). */
  step(stop: () => boolean = () => false): EncodedState | null {
    if (this.encoded !== null) return this.encoded;
    for (;;) {
      // The text is deflated a couple of pieces behind the walk: it dies young, and the collector never copies tens of MB of it.
      const from = this.encoder.pieceCount;
      this.encoder.step(() => stop() || this.encoder.pieceCount - from >= 2);
      if (this.deflater.step(stop)) break;
      if (stop()) return null;
    }
    const [timeline, machinery] = this.deflater.blobs as [Buffer, Buffer];
    const timelinePieces = this.encoder.piecesSoFar()[0] as string[];
    const keepPlain = this.keepPlain;
    this.encoded = {
      timeline,
      machinery,
      plainTimeline: () => {
        if (!keepPlain) throw new Error('the plain timeline was not kept: encode with keepPlain');
        return timelinePieces.join('');
      },
    };
    return this.encoded;
  }
}

/** The state encoded at once. */
export function encodedState(state: TimelineState): EncodedState {
  return new StateEncoding(state, { inSlices: false }).step() as EncodedState;
}
