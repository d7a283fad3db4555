import { describe, expect, it } from 'vitest';
import { RUN_CHARS, parsePlainTimeline, splitPlainTimeline } from '../../storage/timeline/plain-timeline.ts';

/** Strings that look like structure: brackets, commas, quotes and backslashes, escapes of every kind, and text outside ASCII. */
const awkward = ['a,b', '[x]', '{y}', 'say "hi"', 'C:\\path\\', '\\"', '\\\\', 'tab\there', 'line\nbreak', '\u0000', 'é 😀 \u2028', ''];

function conversation(i: number): object {
  return {
    key: i,
    href: `/ucwa/v1/applications/1/communication/conversations/${i}`,
    subject: awkward[i % awkward.length],
    messages: Array.from({ length: i % 5 }, (_, m) => ({ text: awkward[(i + m) % awkward.length], html: false, at: [i, m, -1.5e-7] })),
    nested: { list: [[], [{}], [null, true, ['deep,er']]] },
  };
}

/** A graph-codec timeline document: `[timeline, patches]`, with arrays long enough to go to runs and some that are not. */
function timelineDocument(count: number): [Record<string, unknown>, unknown[]] {
  return [
    {
      conversations: Array.from({ length: count }, (_, i) => conversation(i)),
      presence: [{ who: 'sip:a@b', note: awkward[2] }],
      missedItems: [],
      'odd "key", with [brackets]': Array.from({ length: count }, (_, i) => `${awkward[i % awkward.length]} ${'pad '.repeat(10)}`),
      scalar: 'not an array',
    },
    [[2, [0, 'conversations', '3', 'nested'], [0, 'conversations', '1', 'nested']], [3, [0, 'presence', '0', 'gone']]],
  ];
}

/** The text cut every `size` characters, as the encoder's pieces may be (inside strings and escapes included). */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

describe('plain timeline text in a frame and runs', () => {
  it('puts back exactly the document it was cut from, however the text came in pieces', () => {
    const document = timelineDocument(3_000);
    const text = JSON.stringify(document);
    const whole = splitPlainTimeline([text]);
    expect(whole.runs.length).toBeGreaterThan(4);
    expect(whole.frame.length).toBeLessThan(RUN_CHARS);
    expect(parsePlainTimeline(whole.frame, whole.runs)).toStrictEqual({ document, runCount: whole.runs.length });
    for (const size of [1, 2, 3, 7, 64, 1_000, 65_537]) {
      const split = splitPlainTimeline(cut(text, size));
      expect(split).toStrictEqual(whole);
    }
  });

  it('keeps short arrays in the frame and gives runs only for long ones, each within about RUN_CHARS characters', () => {
    const document = timelineDocument(3_000);
    const { frame, runs } = splitPlainTimeline([JSON.stringify(document)]);
    const framed = JSON.parse(frame) as [Record<string, unknown>, unknown];
    expect(framed[0].conversations).toEqual([]);
    expect(framed[0].presence).toEqual(document[0].presence);
    expect(framed[0].scalar).toBe('not an array');
    expect(framed[1]).toEqual(document[1]);
    for (const run of runs) expect(run.length).toBeLessThan(RUN_CHARS + 2_000);
    expect(new Set(runs.map((run) => (JSON.parse(`[${run}]`) as unknown[])[0]))).toEqual(new Set(['conversations', 'odd "key", with [brackets]']));
  });

  it('reads a text written whole before runs existed as it is', () => {
    const document = timelineDocument(10);
    expect(parsePlainTimeline(JSON.stringify(document), [])).toStrictEqual({ document, runCount: 0 });
  });

  it('refuses a run that names no array of the timeline, and a text that ends inside a value', () => {
    const { frame } = splitPlainTimeline([JSON.stringify(timelineDocument(10))]);
    expect(() => parsePlainTimeline(frame, ['"scalar",1'])).toThrow(/"scalar", not one of the timeline's arrays/);
    expect(() => splitPlainTimeline(['[{"conversations":["unfinished'])).toThrow(/ended inside a value/);
  });
});
