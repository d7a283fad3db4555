/** Turns a character offset into the 1-based line and column people read in editors. */

export interface TextPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: end, line, column: end - lineStart + 1 };
}

/** `line 3, column 14`, the way every problem sentence names a place. */
export function describePosition(position: TextPosition): string {
  return `line ${position.line}, column ${position.column}`;
}

/**
 * Positions for many offsets in one text: the line index is built once, on first use, so naming
 * the place of each of thousands of warnings stays linear.
 */
export function positionLocator(text: string): (offset: number) => TextPosition {
  let lineStarts: number[] | null = null;
  return (offset) => {
    if (lineStarts === null) {
      lineStarts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    const end = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] as number) <= end) low = mid;
      else high = mid - 1;
    }
    return { offset: end, line: low + 1, column: end - (lineStarts[low] as number) + 1 };
  };
}
