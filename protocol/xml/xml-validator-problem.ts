/**
 * Turns a fast-xml-parser validator error (a message and a line and column) into the problem
 * sentence this project writes for every format: what is wrong, named by its tag, and where.
 */
import type { ValidationError } from 'fast-xml-parser';
import { XmlSyntaxError } from './xml-syntax-error.ts';

type Explain = (found: RegExpExecArray, place: Place) => [sentence: string, offset: number];

/** What a translation may ask about the body around the validator's position. */
interface Place {
  readonly offset: number;
  at(offset: number): string;
  offsetOf(line: number, column: number): number;
  /** The `<` that opens the tag the position is in. */
  tagStart(): number;
  /** The name of the tag the position is in. */
  tagName(): string;
  snippet(): string;
  /** The character at an offset, as a problem sentence quotes it. */
  charAt(offset: number): string;
  rootName(): string;
  /** A comment or CDATA section the body never closes. */
  unclosedSection(): { what: string; offset: number } | null;
  /** The quote that opens an attribute value the tag never closes, and that attribute's name. */
  unclosedQuote(): { attribute: string; offset: number };
  /** The innermost element never closed, when the validator only lists their names. */
  unclosed(): { qname: string; offset: number } | null;
}

const unclosedTag = (p: Place): [string, number] => [
  `unclosed <${p.tagName()}> at ${p.at(p.tagStart())}: found "${p.snippet().charAt(0)}" at ${p.at(p.offset)} where an attribute, ">" or "/>" was expected`,
  p.offset,
];

const badName = (p: Place): [string, number] => {
  const lt = p.tagStart();
  const at = p.charAt(lt + 1) === '/' ? lt + 2 : lt + 1;
  return [`expected a tag name after "<" at ${p.at(at)} but found "${p.charAt(at)}"`, at];
};

/** fast-xml-parser 5's validator messages, each with the sentence we write for it. */
const EXPLAINED: readonly (readonly [RegExp, Explain])[] = [
  [/^Expected closing tag '(.+)' \(opened in line (\d+), col (\d+)\) instead of closing tag '(.+)'\.$/, (m, p) => [
    `closing tag </${m[4]}> at ${p.at(p.offset)} does not match <${m[1]}> opened at ${p.at(p.offsetOf(Number(m[2]), Number(m[3])))}`,
    p.offset,
  ]],
  [/^Unclosed tag '(.+)'\.$/, (m, p) => {
    // The validator reads an unclosed comment or CDATA section to the end and blames the element around it.
    const section = p.unclosedSection();
    if (section) return [`unclosed ${section.what} starting at ${p.at(section.offset)}`, section.offset];
    return [`unclosed <${m[1]}> at ${p.at(p.offset)} (the body ends before its </${m[1]}>)`, p.offset];
  }],
  [/^Invalid '.*' found\.$/, (_, p) => {
    const open = p.unclosed();
    return open ? [`unclosed <${open.qname}> at ${p.at(open.offset)} (the body ends before its </${open.qname}>)`, open.offset] : ['unclosed elements (the body ends before they close)', p.offset];
  }],
  [/^Closing tag '(.+)' has not been opened\.$/, (m, p) => [`closing tag </${m[1]}> at ${p.at(p.offset)} has no opening tag`, p.offset]],
  [/^Closing tag '(.+)' doesn't have proper closing\.$/, (m, p) => [`closing tag </${m[1]}> at ${p.at(p.tagStart())} is not closed with ">"`, p.tagStart()]],
  [/^Closing tag '(.+)' can't have attributes or invalid starting\.$/, (m, p) => [`closing tag </${m[1]}> at ${p.at(p.offset)} holds more than its name`, p.offset]],
  [/^Attributes for '(.+)' have open quote\.$/, (m, p) => {
    const quote = p.unclosedQuote();
    return [`unclosed value of attribute ${quote.attribute} of <${m[1]}> at ${p.at(quote.offset)} (no closing ${p.charAt(quote.offset)})`, quote.offset];
  }],
  [/^Attribute '(.+)' has no space in starting\.$/, (_, p) => unclosedTag(p)],
  [/^boolean attribute '(.+)' is not allowed\.$/, (m, p) =>
    (m[1] as string).startsWith('<') ? unclosedTag(p) : [`attribute ${m[1]} of <${p.tagName()}> has no value at ${p.at(p.offset)} (expected "=")`, p.offset]],
  [/^Attribute '(.+)' is without value\.$/, (m, p) => [`value of attribute ${m[1]} of <${p.tagName()}> is not quoted at ${p.at(p.offset)}`, p.offset]],
  [/^Attribute '(.+)' is an invalid name\.$/, (m, p) => [`"${m[1]}" in <${p.tagName()}> at ${p.at(p.offset)} is not an attribute name`, p.offset]],
  [/^Attribute '(.+)' is repeated\.$/, (m, p) => [`attribute ${m[1]} repeated in <${p.tagName()}> at ${p.at(p.offset)}`, p.offset]],
  [/^(?:Tag '.*' is an invalid name|Invalid space after '<')\.$/, (_, p) => badName(p)],
  [/^Multiple possible root nodes found\.$/, (_, p) => [
    `element after the root element </${p.rootName()}> at ${p.at(p.tagStart())} (only one element may hold the document)`,
    p.tagStart(),
  ]],
  [/^Extra text at the end$/, (_, p) => [`text "${p.snippet()}" after the root element </${p.rootName()}> at ${p.at(p.offset)} (only one element may hold the document)`, p.offset]],
  [/^char '&' is not expected\.$/, (_, p) => [`"&" that starts no entity reference at ${p.at(p.offset)} (write &amp; for a literal "&")`, p.offset]],
  [/^char '.*' is not expected\.$/, (_, p) => [`text "${p.snippet()}" before the root element at ${p.at(p.offset)} (only one element may hold the document)`, p.offset]],
  [/^Start tag expected\.$/, (_, p) => ['no root element (the body holds no XML element)', p.offset]],
  [/^XML declaration allowed only at the start of the document\.$/, (_, p) => {
    const at = p.tagStart();
    return [`XML declaration at ${p.at(at)} is not at the very start of the body`, at];
  }],
];

export function validatorProblem(
  text: string,
  error: ValidationError['err'],
  at: (offset: number) => string,
  unclosed: () => { qname: string; offset: number } | null,
): XmlSyntaxError {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The validator reads the body without its byte-order mark, so its first line is one column short.
  const offsetOf = (line: number, column: number): number => {
    let start = 0;
    for (let n = 1; n < line && start >= 0; n++) start = text.indexOf('\n', start) + 1 || -1;
    return start < 0 ? text.length : Math.min(text.length, start + Math.max(1, column) - 1 + (line === 1 ? bom : 0));
  };
  const offset = error.col === undefined ? text.length : offsetOf(error.line, error.col);
  // The validator's position is past the tag's "<" (after its name, or at the attribute it reports).
  const tagStart = (): number => Math.max(0, text.lastIndexOf('<', offset - 1));
  const place: Place = {
    offset,
    at,
    offsetOf,
    tagStart,
    tagName: () => /^<\/?([^\s/>]*)/.exec(text.slice(tagStart(), tagStart() + 200))?.[1] ?? '',
    snippet: () => text.slice(offset, offset + 12).split('\n')[0] as string,
    charAt: (at) => text.charAt(at),
    rootName: () => /<([^\s/>?!][^\s/>]*)/.exec(text)?.[1] ?? '',
    unclosed,
    unclosedSection: () => {
      for (const [what, open, close] of [['comment', '<!--', '-->'], ['CDATA section', '<![CDATA[', ']]>']] as const) {
        const start = text.lastIndexOf(open);
        if (start >= 0 && text.indexOf(close, start + open.length) < 0) return { what, offset: start };
      }
      return null;
    },
    unclosedQuote: () => {
      let open = -1;
      for (let i = tagStart(); i < text.length; i++) {
        const c = text[i];
        if (open >= 0) {
          if (c === text[open]) open = -1;
        } else if (c === '"' || c === "'") open = i;
      }
      const at = open < 0 ? tagStart() : open;
      return { attribute: /([^\s=]+)\s*=\s*$/.exec(text.slice(tagStart(), at))?.[1] ?? '', offset: at };
    },
  };
  for (const [pattern, explain] of EXPLAINED) {
    const found = pattern.exec(error.msg);
    if (found) return new XmlSyntaxError(...explain(found, place));
  }
  return new XmlSyntaxError(`${error.msg.replace(/\.$/, '')} at ${at(offset)}`, offset);
}
