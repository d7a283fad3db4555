import { describe, expect, it } from 'vitest';
import { decodeDataUri, encodeDataUri } from '../../../protocol/data-uri.ts';
import { dataUriText } from '../../../protocol/timeline/data-uri-text.ts';

const URIS = [
  'data:text/plain;charset=utf-8,Hello+there',
  'data:text/html;charset=utf-8,%3Cb%3EHi%3C%2Fb%3E',
  'data:text/html;charset=utf-8,<b>Hi+you</b>',
  'data:text/plain;charset=utf-8,caf%C3%A9',
  'data:text/plain;charset=utf-8,café',
  'data:text/plain;charset=utf-8,',
  'data:text/plain;charset=utf-8,a,b+c',
  'data:text/plain;charset=utf-8;base64,SGk=',
  'data:text/plain;charset=UTF-8,Hi',
  'data:text/plain,Hi+you',
  'data:,Hi',
  'data:text/plain;charset=iso-8859-1,caf%E9',
  'data:text/plain;charset=utf-8,bad%ZZ',
  'DATA:text/plain;charset=utf-8,Hi',
  'data:text/plain;charset=utf-8',
  encodeDataUri('Ünïcödé + 100% 😀'),
  encodeDataUri('<p>Hi</p>', 'text/html'),
];

describe('the text of a data: URI in the fold', () => {
  it.each(URIS)('is what decodeDataUri reads from %s', (uri) => {
    const decoded = decodeDataUri(uri);
    expect(dataUriText(uri)).toEqual(decoded.ok ? { text: decoded.text, mediaType: decoded.mediaType } : null);
  });
});
