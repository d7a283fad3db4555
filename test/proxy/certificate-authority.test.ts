import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCertificateAuthority } from '../../proxy/index.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-ca-');
afterAll(() => tmp.cleanup());

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('the interception CA on disk', () => {
  it('creates its folder, the app folder above it, certs/ and keys/ as 0700 and the private key as 0600', async () => {
    const appDir = tmp.path('home/.ucwa-inspector');
    const dir = join(appDir, 'ca');
    await loadCertificateAuthority(dir);
    expect(modeOf(appDir)).toBe(0o700);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'certs'))).toBe(0o700);
    expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    expect(modeOf(join(dir, 'keys', 'ca.private.key'))).toBe(0o600);
  });

  it('tightens the folders of a CA an older version left open', async () => {
    const dir = tmp.path('old-ca');
    const first = await loadCertificateAuthority(dir);
    for (const folder of [dir, join(dir, 'certs')]) chmodSync(folder, 0o755);
    const again = await loadCertificateAuthority(dir);
    expect(again.certPem).toBe(first.certPem);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'certs'))).toBe(0o700);
  });
});
