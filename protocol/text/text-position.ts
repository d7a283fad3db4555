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
