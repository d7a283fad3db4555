/**
 * A fold state turned into what a checkpoint row keeps (graph-codec.ts texts, deflated), as work
 * that can stop between pieces and go on later: the live writer gives it a few ms per turn, an
 * import runs it to the end at once. The state must not change until it is done.
 */
import { isSharedValue, timelineStateParts, type TimelineState } from '../../protocol/timeline/index.ts';
import { GraphEncoder } from './graph-encoder.ts';
import { PieceDeflater } from './piece-deflater.ts';
import { PlainTimelineSplitter, type PlainTimeline } from './plain-timeline.ts';

/** What a checkpoint row stores of a state. */
export interface EncodedState {
  readonly timeline: Buffer;
  readonly machinery: Buffer;
  /** The timeline text as plain-timeline.ts keeps it (the newest checkpoint of a finished session). */
  plainTimeline(): PlainTimeline;
}

export class StateEncoding {
  private readonly encoder: GraphEncoder;
  private readonly deflater: PieceDeflater;
  /** Cuts the timeline text into the plain form as its pieces come, before they are deflated and dropped. */
  private readonly splitter: PlainTimelineSplitter | null;
  private piecesSplit = 0;
  private encoded: EncodedState | null = null;

  /**
   * `inSlices` off: one `JSON.stringify` per text (fastest, for work allowed to block).
   * `keepPlain` off: the timeline text is only deflated, and `plainTimeline` cannot be asked for.
   */
  constructor(state: TimelineState, options: { readonly inSlices: boolean; readonly keepPlain?: boolean }) {
    const { timeline, machinery } = timelineStateParts(state);
    const encoder = new GraphEncoder([timeline, machinery], { isValue: isSharedValue, inSlices: options.inSlices });
    this.encoder = encoder;
    this.splitter = (options.keepPlain ?? true) ? new PlainTimelineSplitter() : null;
    this.deflater = new PieceDeflater({ count: 2, texts: () => encoder.piecesSoFar(), whole: (index) => encoder.rootDone(index) });
  }

  /** Works on until done (the row's contents) or `stop()` says so between pieces (null). */
  step(stop: () => boolean = () => false): EncodedState | null {
    if (this.encoded !== null) return this.encoded;
    for (;;) {
      // The text is deflated a couple of pieces behind the walk: it dies young, and the collector never copies tens of MB of it.
      const from = this.encoder.pieceCount;
      this.encoder.step(() => stop() || this.encoder.pieceCount - from >= 2);
      this.splitNewPieces();
      if (this.deflater.step(stop)) break;
      if (stop()) return null;
    }
    const [timeline, machinery] = this.deflater.blobs as [Buffer, Buffer];
    const plain = this.splitter?.result() ?? null;
    this.encoded = {
      timeline,
      machinery,
      plainTimeline: () => {
        if (plain === null) throw new Error('the plain timeline was not kept: encode with keepPlain');
        return plain;
      },
    };
    return this.encoded;
  }

  /** The timeline text's pieces set aside since the last call, to the splitter (the deflater drops them once deflated). */
  private splitNewPieces(): void {
    if (this.splitter === null) return;
    const pieces = this.encoder.piecesSoFar()[0];
    if (pieces === undefined) return;
    for (; this.piecesSplit < pieces.length; this.piecesSplit++) this.splitter.add(pieces[this.piecesSplit] as string);
  }
}

/** The state encoded at once. */
export function encodedState(state: TimelineState): EncodedState {
  return new StateEncoding(state, { inSlices: false }).step() as EncodedState;
}
