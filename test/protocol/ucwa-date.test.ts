import { describe, expect, it } from 'vitest';
import { parseUcwaDate } from '../../protocol/ucwa-date.ts';

describe('parseUcwaDate', () => {
  it('reads /Date(ms)/ with and without a zone suffix, keeping the text', () => {
    expect(parseUcwaDate('/Date(1474932024822)/')).toEqual({ kind: 'date', epochMs: 1474932024822, text: '/Date(1474932024822)/' });
    expect(parseUcwaDate('/Date(1360199838000-0800)/')?.epochMs).toBe(1360199838000);
    expect(parseUcwaDate('/Date(-86400000)/')?.epochMs).toBe(-86400000);
  });

  it('reads ISO-8601 with Z or an offset, truncating fractions to milliseconds', () => {
    expect(parseUcwaDate('2016-09-26T16:20:24.8356669-07:00')?.epochMs).toBe(Date.UTC(2016, 8, 26, 23, 20, 24, 835));
    expect(parseUcwaDate('2013-02-07T01:17:18.000Z')?.epochMs).toBe(Date.UTC(2013, 1, 7, 1, 17, 18));
    expect(parseUcwaDate('2013-02-07T01:17+0530')?.epochMs).toBe(Date.UTC(2013, 1, 6, 19, 47));
  });

  it('leaves everything else a string', () => {
    for (const text of ['2016-09-26T16:20:24', '2016-09-26', '2016-02-30T00:00:00Z', '2016-13-01T00:00:00Z', '/Date(abc)/', 'Date(1)', '123', 'tel:+1425', '0042-01-01T00:00:00Z'])
      expect(parseUcwaDate(text), text).toBeNull();
  });
});
