import { describe, expect, it } from 'vitest';
import { decodeForm } from '../../protocol/decode-form.ts';

describe('decodeForm', () => {
  it('keeps fields in order with repeated names, + as space and empty values', () => {
    expect(decodeForm('grant_type=urn%3Amicrosoft.rtc%3Aanonmeeting&password=a+b&ms_rtc_conferenceuri=sip%3Ax&flag&x=')).toEqual({
      ok: true,
      format: 'form',
      body: { kind: 'form', fields: [['grant_type', 'urn:microsoft.rtc:anonmeeting'], ['password', 'a b'], ['ms_rtc_conferenceuri', 'sip:x'], ['flag', ''], ['x', '']] },
      warnings: [],
    });
  });

  it('names a bad escape by field and position without echoing the value', () => {
    const result = decodeForm('grant_type=password&username=a&password=s3cr%zzet');
    expect(result).toEqual({ ok: false, format: 'form', problem: 'form: the value of field 3 (password) has a "%" at position 5 that starts no %XX escape', offset: 40 });
    expect(decodeForm('a=%FF')).toMatchObject({ problem: 'form: the value of field 1 (a) is not valid UTF-8 once its %XX escapes are decoded' });
  });
});
