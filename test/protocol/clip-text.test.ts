import { describe, expect, it } from 'vitest';
import { clipText, headOf } from '../../protocol/text/clip-text.ts';

describe('shortening text for a line or a label', () => {
  it('keeps an emoji whole or leaves it out, never half of it', () => {
    const message = `Thanks ${'\u{1F600}'} see you`;
    // 'Thanks ' is 7 units; the emoji takes units 7 and 8.
    expect(headOf(message, 8)).toBe('Thanks ');
    expect(headOf(message, 9)).toBe('Thanks \u{1F600}');
    expect(clipText(message, 9)).toBe('Thanks …');
    expect(clipText(message, 10)).toBe('Thanks \u{1F600}…');
    expect([...clipText(message, 9)].every((char) => char.length === 2 || !/[\ud800-\udfff]/.test(char))).toBe(true);
  });

  it('leaves text that fits as it is', () => {
    expect(clipText('Hello', 5)).toBe('Hello');
    expect(clipText('Hello!', 5)).toBe('Hell…');
    expect(headOf('Hi', 10)).toBe('Hi');
  });
});
