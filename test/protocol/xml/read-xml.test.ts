import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readXml, validatorVerdict } from '../../../protocol/xml/read-xml.ts';
import { XmlSyntaxError } from '../../../protocol/xml/xml-syntax-error.ts';
import { ucwaCorpusDir } from '../../support/corpus-path.ts';

/**
 * readXml parses first and asks fast-xml-parser's validator only when the parse, the tree or its
 * shape checks find something amiss. These suites prove that leaves no malformed body through:
 * thousands of bodies broken one edit at a time, each rejected with the validator's own sentence
 * whenever the validator rejects it.
 */

const NS = 'xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"';
const SEEDS = [
  `<resource rel="conversation" href="/c/1" ${NS}><link rel="messaging" href="/c/1/m"/><property name="state">Connected</property></resource>`,
  `<?xml version="1.0" encoding="utf-8"?>\n<resource rel="x" href="/x" ${NS}>\n  <property name="a" >1</property >\n  <propertyList name="l"><item>a</item><item>b</item></propertyList>\n</resource>\n`,
  `<events href="/e?ack=1" ${NS}><link rel="next" href="/e?ack=2"/><sender rel="conversation" href="/c"><added rel="message" href="/m"><resource rel="message" href="/m"><property name="t">x &amp; y&#65;</property></resource></added></sender></events>`,
  `<!-- lead --><a xmlns:p="urn:p" p:x='1' y = "2"><![CDATA[<c>]]><?pi data?><b/>text<!-- c --></a>\r\n<?tail?>`,
  `\uFEFF<reason ${NS}><code>Conflict</code><subcode>x</subcode><message>a &lt; b</message></reason>`,
  `<input ${NS}><property name="to">sip:a@b</property><property name="subject"></property></input>`,
];
const PIECES = ['<', '>', '/', '"', "'", '=', '&', ';', '!', '?', '-', ' ', '\n', '\t', 'x', '1', ':', '\u00A0', ']', '</a>', '<b>', ' c="1"', '&amp;'];

/** Every body one edit away from `seed`: a character deleted, replaced or preceded by a piece, a short run deleted or doubled, the body cut. */
function* singleEdits(seed: string): Generator<string> {
  for (let i = 0; i <= seed.length; i++) {
    const before = seed.slice(0, i);
    const after = seed.slice(i);
    yield before;
    for (const piece of PIECES) {
      yield before + piece + after;
      if (i < seed.length) yield before + piece + seed.slice(i + 1);
    }
    for (let run = 1; run <= 4 && i + run <= seed.length; run++) {
      yield before + seed.slice(i + run);
      yield before + seed.slice(i, i + run) + after;
    }
  }
}

/** A small deterministic generator (mulberry32), so a failure names a body that can be rerun. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* randomEdits(bodies: readonly string[], count: number): Generator<string> {
  const next = random(15);
  const pick = (n: number): number => Math.floor(next() * n);
  for (let n = 0; n < count; n++) {
    let body = bodies[pick(bodies.length)] as string;
    for (let edits = 1 + pick(3); edits > 0; edits--) {
      const at = pick(body.length + 1);
      const piece = PIECES[pick(PIECES.length)] as string;
      body = pick(2) === 0 ? body.slice(0, at) + piece + body.slice(at) : body.slice(0, at) + body.slice(at + 1 + pick(3));
    }
    yield body;
  }
}

interface Tally {
  rejectedByValidator: number;
  failures: string[];
}

/** A body the validator rejects must be rejected with the validator's sentence and position; no body may make readXml throw. */
const shown = (body: string): string => JSON.stringify(body.length > 400 ? `${body.slice(0, 400)}…` : body);

function check(bodies: Iterable<string>): Tally {
  const tally: Tally = { rejectedByValidator: 0, failures: [] };
  for (const body of bodies) {
    let result: ReturnType<typeof readXml>;
    try {
      result = readXml(body);
    } catch (error) {
      tally.failures.push(`${shown(body)} threw ${String(error)}`);
      continue;
    }
    if (XMLValidator.validate(body) === true) continue;
    tally.rejectedByValidator++;
    if (result.ok) {
      tally.failures.push(`${shown(body)} was read though the validator rejects it`);
      continue;
    }
    let expected: string;
    try {
      const verdict = validatorVerdict(body);
      // A refused DOCTYPE, entity declaration or control character is named before the validator runs.
      if (verdict === null || /refused|control character/.test(result.problem)) continue;
      expected = `XML: ${verdict.sentence} @${verdict.at}`;
    } catch (error) {
      // The validator's problem can ask the lenient parse where an element opened, and that parse can fail as readXml's own does.
      if (!(error instanceof XmlSyntaxError)) throw error;
      expected = `XML: ${error.sentence} @${error.at}`;
    }
    if (`${result.problem} @${result.offset}` !== expected) tally.failures.push(`${shown(body)}: ${result.problem} @${result.offset}, but the validator says ${expected}`);
  }
  return tally;
}

describe('readXml reading first and validating on doubt', () => {
  it('rejects every body one edit away from a well-formed one that the validator rejects, with its sentence', () => {
    const tally = check(SEEDS.flatMap((seed) => [...singleEdits(seed)]));
    expect(tally.failures.slice(0, 5)).toEqual([]);
    expect(tally.rejectedByValidator).toBeGreaterThan(25_000);
  });

  it('rejects reference samples broken by a few random edits as the validator does', () => {
    const dir = join(ucwaCorpusDir, 'samples');
    const samples = ['conversation.get.response.xml', 'contact.get.response.xml', 'me.get.response.xml', 'application.get.response.xml', 'messaging.get.response.xml'].map((name) =>
      readFileSync(join(dir, name), 'utf8'),
    );
    const tally = check(randomEdits(samples, 5_000));
    expect(tally.failures.slice(0, 5)).toEqual([]);
    expect(tally.rejectedByValidator).toBeGreaterThan(2_000);
  });

  it('reads the seeds themselves', () => {
    for (const seed of SEEDS) expect(readXml(seed).ok, seed).toBe(true);
  });
});
