import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { clientEnvironment, writeCaBundle } from '../../proxy/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-client-env-');
afterAll(() => tmp.cleanup());

const OUR_CA = '-----BEGIN CERTIFICATE-----\nOURS\n-----END CERTIFICATE-----\n';

function runNode(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => execFile(process.execPath, ['-e', script], { env, encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))));
}

describe('clientEnvironment', () => {
  it('points every proxy variable at the proxy, clears NO_PROXY and names the CA bundle in forward mode', () => {
    const env = clientEnvironment({ base: { PATH: '/bin', NO_PROXY: 'localhost,127.0.0.1', no_proxy: '.local' }, mode: 'forward', proxyUrl: 'http://127.0.0.1:8080', caBundlePath: '/ca/bundle.pem' });
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) expect(env[name]).toBe('http://127.0.0.1:8080');
    expect([env['NO_PROXY'], env['no_proxy']]).toEqual(['', '']);
    for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']) expect(env[name]).toBe('/ca/bundle.pem');
    expect(env['PATH']).toBe('/bin');
    expect(env['UCWA_URL']).toBeUndefined();
  });

  it('gives reverse mode the proxy as UCWA_URL, with the upstream\'s path, and keeps other proxies off it', () => {
    const env = clientEnvironment({ base: { HTTPS_PROXY: 'http://corp:3128', NO_PROXY: 'intranet' }, mode: 'reverse', proxyUrl: 'http://127.0.0.1:9000', upstream: 'https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root?originalDomain=contoso.com' });
    expect(env['UCWA_URL']).toBe('http://127.0.0.1:9000/autodiscover/autodiscoverservice.svc/root?originalDomain=contoso.com');
    expect(env['HTTPS_PROXY']).toBe('http://corp:3128');
    expect(env['NO_PROXY']).toBe('intranet,127.0.0.1');
    expect(env['NODE_OPTIONS']).toBeUndefined();
  });

  it('adds the Node preload after options the client already had, and Node loads both', async () => {
    const env = clientEnvironment({ base: { ...process.env, NODE_OPTIONS: '--title=wrapped-client' }, mode: 'forward', proxyUrl: 'http://127.0.0.1:9', caBundlePath: '/nowhere.pem' });
    const out = await runNode("process.stdout.write(`${process.title} ${typeof globalThis.GLOBAL_AGENT} ${globalThis[Symbol.for('undici.globalDispatcher.1')]?.constructor.name}`)", { ...env, NODE_EXTRA_CA_CERTS: '' });
    expect(out).toBe('wrapped-client object EnvHttpProxyAgent');
  });
});

describe('writeCaBundle', () => {
  it('writes our CA, the system roots and a bundle the user already named, next to the CA', () => {
    mkdirSync(tmp.path('ca/certs'), { recursive: true });
    writeFileSync(tmp.path('system.pem'), '-----BEGIN CERTIFICATE-----\nSYSTEM\n-----END CERTIFICATE-----\n');
    writeFileSync(tmp.path('corporate.pem'), '-----BEGIN CERTIFICATE-----\nCORPORATE\n-----END CERTIFICATE-----\n');
    const path = writeCaBundle({ caCertPem: OUR_CA, caCertPath: tmp.path('ca/certs/ca.pem'), systemBundlePath: tmp.path('system.pem'), env: { NODE_EXTRA_CA_CERTS: tmp.path('corporate.pem') } });
    expect(path).toBe(tmp.path('ca/certs/ca-bundle.pem'));
    const bundle = readFileSync(path, 'utf8');
    expect(bundle.indexOf('OURS')).toBeLessThan(bundle.indexOf('SYSTEM'));
    expect(bundle).toContain('CORPORATE');
  });

  it('falls back to Node\'s own roots where the system keeps none', () => {
    const bundle = readFileSync(writeCaBundle({ caCertPem: OUR_CA, caCertPath: tmp.path('ca/certs/ca.pem'), systemBundlePath: null }), 'utf8');
    expect(bundle).toContain('OURS');
    expect(bundle).toContain(rootCertificates[0]?.split('\n')[1]);
  });
});
