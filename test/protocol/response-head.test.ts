import { describe, expect, it } from 'vitest';
import { decodeResponseHead, describeResponseHead } from '../../protocol/head/response-head.ts';

const MS_RTC_OAUTH =
  'MsRtcOAuth href="https://lyncweb.contoso.example/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"';
const BEARER = 'Bearer trusted_issuers="00000001-0000-0000-c000-000000000000@*",client_id="00000004-0000-0ff1-ce00-000000000000"';

describe('decodeResponseHead', () => {
  it('reads the MsRtcOAuth and Bearer challenges of a 401 sent in one header', () => {
    const head = decodeResponseHead([['WWW-Authenticate', `${MS_RTC_OAUTH}, ${BEARER}`]]);
    expect(head.challenges).toEqual([
      {
        scheme: 'MsRtcOAuth',
        params: [
          ['href', 'https://lyncweb.contoso.example/WebTicket/oauthtoken'],
          ['grant_type', 'urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password'],
        ],
      },
      {
        scheme: 'Bearer',
        params: [
          ['trusted_issuers', '00000001-0000-0000-c000-000000000000@*'],
          ['client_id', '00000004-0000-0ff1-ce00-000000000000'],
        ],
      },
    ]);
  });

  it('reads the same challenges from several headers, with bare schemes and tokens between them', () => {
    const head = decodeResponseHead([
      ['www-authenticate', 'Negotiate'],
      ['Content-Type', 'text/html'],
      ['WWW-Authenticate', MS_RTC_OAUTH],
      ['WWW-Authenticate', 'NTLM TlRMTVNTUAACAAAA=='],
      ['WWW-Authenticate', BEARER],
    ]);
    expect(head.challenges.map((c) => [c.scheme, c.params.length, c.token68 ?? null])).toEqual([
      ['Negotiate', 0, null],
      ['MsRtcOAuth', 2, null],
      ['NTLM', 0, 'TlRMTVNTUAACAAAA=='],
      ['Bearer', 2, null],
    ]);
  });

  it('reads X-Ms-diagnostics into code, source and reason', () => {
    const head = decodeResponseHead([['X-Ms-diagnostics', '28072;source="lyncweb.contoso.example";reason="The web ticket is invalid."']]);
    expect(head.diagnostics).toEqual([
      {
        code: 28072,
        source: 'lyncweb.contoso.example',
        reason: 'The web ticket is invalid.',
        params: [
          ['source', 'lyncweb.contoso.example'],
          ['reason', 'The web ticket is invalid.'],
        ],
      },
    ]);
  });

  it('keeps a reason that holds commas and semicolons whole, and reads several diagnostics in one value', () => {
    const head = decodeResponseHead([['X-MS-Diagnostics-Public', '1000;reason="No, really; stop",28020;source="pool.contoso.example";reason="Expired"']]);
    expect(head.diagnostics.map((d) => [d.code, d.reason, d.source])).toEqual([
      [1000, 'No, really; stop', null],
      [28020, 'Expired', 'pool.contoso.example'],
    ]);
  });

  it('says each challenge and diagnostic in one line', () => {
    const head = decodeResponseHead([
      ['WWW-Authenticate', MS_RTC_OAUTH],
      ['WWW-Authenticate', BEARER],
      ['X-Ms-diagnostics', '28072;source="lyncweb.contoso.example";reason="The web ticket is invalid."'],
    ]);
    expect(describeResponseHead(head)).toEqual([
      'authentication challenge MsRtcOAuth: token at https://lyncweb.contoso.example/WebTicket/oauthtoken; grant types urn:microsoft.rtc:windows, urn:microsoft.rtc:anonmeeting, password',
      'authentication challenge Bearer: trusted_issuers=00000001-0000-0000-c000-000000000000@*, client_id=00000004-0000-0ff1-ce00-000000000000',
      'X-Ms-diagnostics 28072 The web ticket is invalid. (source lyncweb.contoso.example)',
    ]);
  });

  it('finds nothing in a response without those headers', () => {
    expect(decodeResponseHead([['Content-Type', 'application/json']])).toEqual({ challenges: [], diagnostics: [] });
  });
});
