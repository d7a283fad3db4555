import { describe, expect, it } from 'vitest';
import { decodeJson } from '../../protocol/decode-json.ts';
import { decodeXml } from '../../protocol/decode-xml.ts';
import { toComparableBody } from '../../protocol/to-comparable-resource.ts';
import { decoderCases } from './decoder.cases.ts';

describe('JSON and XML forms of the same body', () => {
  for (const decoderCase of decoderCases) {
    it(`decode to equal models: ${decoderCase.name}`, () => {
      const json = decodeJson(decoderCase.json, decoderCase.context);
      const xml = decodeXml(decoderCase.xml, decoderCase.context);
      if (!json.ok) throw new Error(json.problem);
      if (!xml.ok) throw new Error(xml.problem);
      expect(toComparableBody(xml.body)).toEqual(toComparableBody(json.body));
    });
  }

  it('differ when a value differs, so the comparison can fail', () => {
    const [first] = decoderCases;
    if (!first) throw new Error('no cases');
    const json = decodeJson(first.json.replace('"participantCount":11', '"participantCount":12'), first.context);
    const xml = decodeXml(first.xml, first.context);
    expect(json.ok && xml.ok).toBe(true);
    if (json.ok && xml.ok) expect(toComparableBody(xml.body)).not.toEqual(toComparableBody(json.body));
  });
});
