/**
 * A checkpoint's plain timeline kept as a small frame plus runs of items, so a whole-session read
 * parses many small texts instead of one of tens of MB. Read whole, such a text went into
 * SQLite's buffer, then into a string, then through the parser, the first two into memory the
 * process had just been given: on a virtual machine that first touch (3 ms a MB measured here),
 * not the parse, was most of the read.
 *
 * The text is graph-codec.ts's `[timeline, patches]`. Every array directly under the timeline's
 * keys (conversations, presence…) whose items run past `RUN_CHARS` is left empty (`[]`) in the
 * frame, and its items go to runs, each `"key",item,item…`; put back in order they give the same
 * document, so the patches' paths hold as written.
 */

/** Characters of items per run: small enough for V8's young generation and SQLite's heap. */
export const RUN_CHARS = 1 << 16;

export interface PlainTimeline {
  /** The document with the long arrays emptied: the timeline's other fields and the patches. */
  readonly frame: string;
  /** Each a key as JSON text, a comma, then a run of that array's items, in document order. */
  readonly runs: string[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Nesting while scanning: 1 inside the document's array, 2 in the timeline (or the patches), 3 in one of the timeline's arrays. */
const IN_TIMELINE = 2;
const IN_FIELD_ARRAY = 3;

/** Where the scan is, kept across pieces (a piece may end anywhere, even inside an escape). */
class SplitScan {
  readonly frame: string[] = [];
  readonly runs: string[] = [];
  depth = 0;
  /** Whether the container at depth 2 is the timeline object (the patches' array is the other). */
  inTimelineObject = false;
  inString = false;
  escaped = false;
  /** The last string closed directly in the timeline object: the key of the array that follows. */
  key = '';
  keyParts: string[] | null = null;
  /** The items of the timeline array under way not yet in a run; null outside one. */
  items: string[] | null = null;
  itemChars = 0;
  /** Whether the array under way has given a run: its frame place then stays empty. */
  ranLong = false;

  flushRun(): void {
    const items = this.items as string[];
    this.runs.push(`${this.key},${items.join('')}`);
    items.length = 0;
    this.itemChars = 0;
    this.ranLong = true;
  }
}

/**
 * Cuts a graph-codec timeline text, given in pieces cut anywhere, into a frame and runs, a piece at
 * a time (the live writer feeds it as the encoder sets pieces aside). Only the JSON's structure is
 * read: strings are skipped to their closing quote.
 */
export class PlainTimelineSplitter {
  private readonly scan = new SplitScan();

  add(piece: string): void {
    scanPiece(this.scan, piece);
  }

  /** Once every piece was added. */
  result(): PlainTimeline {
    if (this.scan.depth !== 0 || this.scan.inString) throw new Error('the plain timeline text ended inside a value');
    return { frame: this.scan.frame.join(''), runs: this.scan.runs };
  }
}

export function splitPlainTimeline(pieces: readonly string[]): PlainTimeline {
  const splitter = new PlainTimelineSplitter();
  for (const piece of pieces) splitter.add(piece);
  return splitter.result();
}

function scanPiece(s: SplitScan, piece: string): void {
  const n = piece.length;
  let from = 0;
  let keyFrom = 0;
  let nextSlash = piece.indexOf('\\');
  const emit = (to: number): void => {
    if (to <= from) return;
    const text = piece.slice(from, to);
    if (s.items !== null) {
      s.items.push(text);
      s.itemChars += text.length;
    } else s.frame.push(text);
    from = to;
  };
  let i = 0;
  while (i < n) {
    if (s.inString) {
      if (s.escaped) {
        s.escaped = false;
        i++;
        continue;
      }
      if (nextSlash !== -1 && nextSlash < i) nextSlash = piece.indexOf('\\', i);
      const quote = piece.indexOf('"', i);
      if (nextSlash !== -1 && (quote === -1 || nextSlash < quote)) {
        s.escaped = true;
        i = nextSlash + 1;
        continue;
      }
      if (quote === -1) {
        i = n;
        continue;
      }
      i = quote + 1;
      s.inString = false;
      if (s.keyParts !== null) {
        s.keyParts.push(piece.slice(keyFrom, i));
        s.key = s.keyParts.join('');
        s.keyParts = null;
      }
      continue;
    }
    const c = piece.charCodeAt(i);
    if (c === QUOTE) {
      s.inString = true;
      if (s.depth === IN_TIMELINE && s.inTimelineObject) {
        s.keyParts = [];
        keyFrom = i;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      s.depth++;
      if (s.depth === IN_TIMELINE) s.inTimelineObject = c === OPEN_OBJECT;
      else if (s.depth === IN_FIELD_ARRAY && c === OPEN_ARRAY && s.inTimelineObject) {
        emit(i + 1);
        s.items = [];
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (s.depth === IN_FIELD_ARRAY && s.items !== null) {
        emit(i);
        const items = s.items;
        if (s.ranLong) {
          if (s.itemChars > 0) s.flushRun();
        } else s.frame.push(items.join(''));
        s.items = null;
        s.ranLong = false;
        s.itemChars = 0;
      }
      s.depth--;
    } else if (c === COMMA && s.depth === IN_FIELD_ARRAY && s.items !== null) {
      emit(i);
      from = i + 1;
      if (s.itemChars >= RUN_CHARS) s.flushRun();
      else {
        s.items.push(',');
        s.itemChars++;
      }
    }
    i++;
  }
  emit(n);
  if (s.keyParts !== null) s.keyParts.push(piece.slice(keyFrom));
}

/** The document a frame and its runs (in order) stand for, parsed (what `JSON.parse` of the whole text gives), and how many runs it took. */
export function parsePlainTimeline(frame: string, runs: Iterable<string>): { readonly document: unknown; readonly runCount: number } {
  const document = JSON.parse(frame) as unknown;
  const timeline = Array.isArray(document) ? (document[0] as unknown) : undefined;
  if (typeof timeline !== 'object' || timeline === null) throw new Error('the plain timeline frame is not a timeline document');
  let runCount = 0;
  for (const run of runs) {
    runCount++;
    const items = JSON.parse(`[${run}]`) as unknown[];
    const target = (timeline as Record<string, unknown>)[String(items[0])];
    if (!Array.isArray(target)) throw new Error(`a plain timeline run names ${JSON.stringify(items[0])}, not one of the timeline's arrays`);
    for (let i = 1; i < items.length; i++) target.push(items[i]);
  }
  return { document, runCount };
}
