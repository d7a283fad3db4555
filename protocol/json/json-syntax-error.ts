/**
 * Finds the first JSON syntax error and says what was expected there. Runs only after JSON.parse
 * has failed, because engines word (and sometimes omit) the position differently; this gives the
 * same sentence everywhere. Iterative, so deep nesting cannot overflow the stack.
 */

export interface JsonSyntaxError {
  readonly expected: string;
  readonly offset: number;
}

const enum Expect {
  Value,
  Key,
  AfterValue,
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const containers: ('{' | '[')[] = [];
  let expect = Expect.Value;
  let i = 0;
  const n = text.length;
  const found = (at: number): string => (at >= n ? 'the end of the body' : text[at] === '"' ? `'"'` : `"${text[at] === '\n' ? '\\n' : text[at]}"`);
  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
    const c = text[i];
    if (expect === Expect.AfterValue) {
      const top = containers[containers.length - 1];
      if (top === undefined) return i < n ? { expected: `the end of the body after the JSON value, found ${found(i)}`, offset: i } : null;
      if (c === ',') {
        i++;
        expect = top === '{' ? Expect.Key : Expect.Value;
      } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        containers.pop();
        i++;
      } else return { expected: top === '{' ? `',' or '}' after a property value, found ${found(i)}` : `',' or ']' after an array element, found ${found(i)}`, offset: i };
      continue;
    }
    if (expect === Expect.Key) {
      if (c !== '"') {
        const hint = c === '}' ? ' (a trailing comma?)' : c === "'" ? ' (single quotes are not JSON)' : '';
        return { expected: `a property name in double quotes, found ${found(i)}${hint}`, offset: i };
      }
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
      if (text[i] !== ':') return { expected: `':' after the property name, found ${found(i)}`, offset: i };
      i++;
      expect = Expect.Value;
      continue;
    }
    if (c === '{' || c === '[') {
      containers.push(c);
      i++;
      while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
      if (text[i] === (c === '{' ? '}' : ']')) {
        containers.pop();
        i++;
        expect = Expect.AfterValue;
      } else expect = c === '{' ? Expect.Key : Expect.Value;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match || /^[.eE\d]/.test(text[i + match[0].length] ?? ''))
        return { expected: `a well-formed number, found "${/^[-+.\w]*/.exec(text.slice(i, i + 24))?.[0] ?? ''}"`, offset: i };
      i += match[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (!literal) return { expected: `a value (object, array, string, number, true, false or null), found ${found(i)}`, offset: i };
      i += literal.length;
    }
    expect = Expect.AfterValue;
  }
}

/** The offset just past a string starting at `start`, or the error inside it. */
function stringEnd(text: string, start: number): number | JsonSyntaxError {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code === 0x5c) {
      const escape = text[j + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { expected: 'four hex digits after "\\u" in a string', offset: j };
        j += 5;
      } else if (escape !== undefined && ESCAPES.has(escape)) j++;
      else return { expected: `a valid escape in a string, found "\\${escape ?? ''}"`, offset: j };
    } else if (code < 0x20) {
      return { expected: `the string to continue, found raw control character U+${code.toString(16).toUpperCase().padStart(4, '0')}${code === 0x0a || code === 0x0d ? ' (a line break inside a string must be written \\n)' : ''}`, offset: j };
    }
  }
  return { expected: `the closing '"' of the string that starts at offset ${start}, found the end of the body`, offset: text.length };
}
