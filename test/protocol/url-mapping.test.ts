import { describe, expect, it } from 'vitest';
import { targetOfProxyPath, toProxyUrl } from '../../protocol/proxy-urls.ts';
import { describeUrlMappings, mapBodyToProxy, mapHeaderToProxy, mapTextToServer } from '../../protocol/url-mapping.ts';

const upstream = 'https://lyncdiscover.contoso.com';
const proxy = 'http://127.0.0.1:8080';
const fromWeb = { upstream, proxy, servedBy: 'https://lyncweb.contoso.com' };

describe('mapping a session\'s URLs onto a proxy', () => {
  it('puts the upstream at the root and every other host under /~scheme/host', () => {
    expect(toProxyUrl('https://lyncdiscover.contoso.com/?x=1', { upstream, proxy })).toBe('http://127.0.0.1:8080/?x=1');
    expect(toProxyUrl('https://lyncweb.contoso.com/ucwa/oauth/v1/applications', { upstream, proxy })).toBe('http://127.0.0.1:8080/~https/lyncweb.contoso.com/ucwa/oauth/v1/applications');
    expect(toProxyUrl('http://pool.contoso.com:8081/a', { upstream, proxy })).toBe('http://127.0.0.1:8080/~http/pool.contoso.com:8081/a');
    expect(targetOfProxyPath('/~https/lyncweb.contoso.com/ucwa?x=1', upstream)).toEqual({ ok: true, origin: 'https://lyncweb.contoso.com', pathAndQuery: '/ucwa?x=1', prefixed: true });
    expect(targetOfProxyPath('/ucwa', upstream)).toEqual({ ok: true, origin: upstream, pathAndQuery: '/ucwa', prefixed: false });
    expect(targetOfProxyPath('/~https//x', upstream).ok).toBe(false);
  });

  it('reads root + href on a proxied host (`//~https/host/…`) as that host with the doubled slash in its path', () => {
    expect(targetOfProxyPath('//~https/lyncweb.contoso.com/ucwa/x?y=1', upstream)).toEqual({ ok: true, origin: 'https://lyncweb.contoso.com', pathAndQuery: '//ucwa/x?y=1', prefixed: true });
    expect(targetOfProxyPath('//ucwa/x', upstream)).toEqual({ ok: true, origin: upstream, pathAndQuery: '//ucwa/x', prefixed: false });
  });

  it('maps JSON hrefs at any depth, escaped slashes included, and leaves other strings alone', () => {
    const body = '{"_links":{"self":{"href":"/ucwa/x"},"up":{"href":"https:\\/\\/lyncdiscover.contoso.com\\/y"}},"note":"see https://lyncweb.contoso.com/z","_embedded":{"a":{"_links":{"self":{"href":"//pool.contoso.com/p"}}}}}';
    const mapped = mapBodyToProxy(body, 'json', fromWeb);
    expect(mapped.text).toBe(
      '{"_links":{"self":{"href":"/~https/lyncweb.contoso.com/ucwa/x"},"up":{"href":"http://127.0.0.1:8080\\/y"}},"note":"see https://lyncweb.contoso.com/z","_embedded":{"a":{"_links":{"self":{"href":"http://127.0.0.1:8080/~https/pool.contoso.com/p"}}}}}',
    );
    expect(mapped.count).toBe(3);
    expect(JSON.parse(mapped.text)).toBeTruthy();
    expect([...mapped.origins].sort()).toEqual(['https://lyncdiscover.contoso.com', 'https://pool.contoso.com']);
  });

  it("leaves a body from the upstream alone when it names only the upstream's own paths, and still maps one absolute href among them, escaped or not", () => {
    const fromUpstream = { upstream, proxy, servedBy: upstream };
    const relative = '{"_links":{"self":{"href":"/ucwa/x"},"next":{"href":"\\/ucwa\\/y"}}}';
    expect(mapBodyToProxy(relative, 'json', fromUpstream)).toEqual({ text: relative, count: 0, origins: [] });
    expect(mapBodyToProxy('{"_links":{"self":{"href":"/ucwa/x"},"up":{"href":"https:\\/\\/lyncweb.contoso.com\\/y"}}}', 'json', fromUpstream).text).toBe(
      '{"_links":{"self":{"href":"/ucwa/x"},"up":{"href":"http://127.0.0.1:8080/~https/lyncweb.contoso.com\\/y"}}}',
    );
    expect(mapBodyToProxy('<a href="//pool.contoso.com/p"/>', 'xml', fromUpstream).count).toBe(1);
  });

  it('maps XML href attributes in either quote and never a namespace', () => {
    const xml = `<resource rel="me" href="https://lyncweb.contoso.com/me" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="a" href='/ucwa/a'/></resource>`;
    expect(mapBodyToProxy(xml, 'xml', fromWeb).text).toBe(
      `<resource rel="me" href="http://127.0.0.1:8080/~https/lyncweb.contoso.com/me" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="a" href='/~https/lyncweb.contoso.com/ucwa/a'/></resource>`,
    );
  });

  it('maps Location and the token href of a challenge, and no other header', () => {
    expect(mapHeaderToProxy('Location', 'https://lyncweb.contoso.com/ucwa/1', fromWeb)?.text).toBe('http://127.0.0.1:8080/~https/lyncweb.contoso.com/ucwa/1');
    expect(mapHeaderToProxy('www-authenticate', 'MsRtcOAuth href="https://lyncweb.contoso.com/WebTicket/oauthtoken",grant_type="password"', fromWeb)).toEqual({
      text: 'MsRtcOAuth href="http://127.0.0.1:8080/~https/lyncweb.contoso.com/WebTicket/oauthtoken",grant_type="password"',
      count: 1,
      origins: ['https://lyncweb.contoso.com'],
    });
    expect(mapHeaderToProxy('Link', '<https://lyncweb.contoso.com/>', fromWeb)).toBeNull();
  });

  it('maps proxy URLs a client echoes back to the real ones before they reach the server', () => {
    const echoed = '{"a":{"href":"http://127.0.0.1:8080/~https/lyncweb.contoso.com/ucwa/u"},"b":{"href":"http://127.0.0.1:8080/root"},"c":{"href":"/~https/lyncweb.contoso.com/ucwa/v"},"d":{"href":"/~https/pool.contoso.com/w"},"e":"http://127.0.0.1:80801/not-us"}';
    expect(mapTextToServer(echoed, { upstream, proxy }, 'https://lyncweb.contoso.com')).toEqual({
      text: '{"a":{"href":"https://lyncweb.contoso.com/ucwa/u"},"b":{"href":"https://lyncdiscover.contoso.com/root"},"c":{"href":"/ucwa/v"},"d":{"href":"https://pool.contoso.com/w"},"e":"http://127.0.0.1:80801/not-us"}',
      count: 4,
    });
  });

  it('says what was mapped in one sentence', () => {
    expect(describeUrlMappings([])).toBeNull();
    expect(describeUrlMappings([{ where: 'response body', count: 2, direction: 'to-client' }, { where: 'Location', count: 1, direction: 'to-client' }])).toBe('served to the client with 3 URLs mapped to the proxy (response body 2, Location 1)');
  });
});
