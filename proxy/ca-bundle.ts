/**
 * The trust bundle handed to a wrapped client: our CA plus the system's roots (and any bundle the
 * user already pointed the client at), so trusting it loses nothing the client trusted before.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';

/** Where distributions keep the system's roots: Debian/Ubuntu, Fedora/RHEL, Alpine/macOS. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/** Variables that may already name a bundle the client relies on (a corporate CA, say). */
export const CA_BUNDLE_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'] as const;

export interface CaBundleOptions {
  /** Our CA certificate and the file it is in; the bundle is written beside it. */
  readonly caCertPem: string;
  readonly caCertPath: string;
  /** The environment the client would have had: bundles it names are kept in ours. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: the first of the usual system locations that exists. */
  readonly systemBundlePath?: string | null;
}

/** Writes `ca-bundle.pem` next to the CA (atomically: concurrent runs may share the CA) and returns its path. */
export function writeCaBundle(options: CaBundleOptions): string {
  const path = join(dirname(options.caCertPath), 'ca-bundle.pem');
  const systemPath = options.systemBundlePath === undefined ? (SYSTEM_BUNDLES.find((p) => existsSync(p)) ?? null) : options.systemBundlePath;
  const parts = [`# ucwa-inspector CA\n${options.caCertPem.trim()}\n`];
  // Without a system bundle, Node's own copy of the Mozilla roots stands in for it.
  parts.push(systemPath ? readIfPresent(systemPath) ?? '' : rootCertificates.join('\n'));
  const env = options.env ?? {};
  const userBundles = new Set(CA_BUNDLE_VARIABLES.map((name) => env[name]).filter((p): p is string => !!p && p !== path && p !== systemPath));
  for (const bundle of userBundles) parts.push(readIfPresent(bundle) ?? '');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${parts.filter((p) => p.trim() !== '').map((p) => p.trim()).join('\n')}\n`);
  renameSync(temporary, path);
  return path;
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
