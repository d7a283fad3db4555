/**
 * Our own certificate authority for HTTPS interception: created once per user (its folders
 * 0700, the key 0600: whoever reads the key can read the user's intercepted traffic), reused across runs, in the layout http-mitm-proxy loads (`certs/ca.pem`,
 * `keys/ca.private.key`, `keys/ca.public.key`). Leaf certificates share one key pair made once
 * per run off the event loop (node:crypto in the thread pool); each host's certificate is signed
 * once and cached, so no handshake waits on key generation.
 */
import { generateKeyPair } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface CertificateAuthority {
  readonly dir: string;
  readonly certPath: string;
  readonly certPem: string;
  /** A certificate for `host` signed by this CA, made once per host. */
  leafFor(host: string): Promise<{ readonly certPem: string; readonly keyPem: string }>;
}

export function defaultCaDir(): string {
  return join(homedir(), '.ucwa-inspector', 'ca');
}

function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }, (error, publicKey, privateKey) =>
      error ? reject(error) : resolve({ publicKey, privateKey }),
    ),
  );
}

function serialNumber(): string {
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

const CA_SUBJECT = [
  { name: 'commonName', value: 'ucwa-inspector CA' },
  { name: 'organizationName', value: 'ucwa-inspector (local interception CA)' },
];

async function createCa(dir: string): Promise<void> {
  // The folders first: a path that cannot be a folder fails at once, not after generating a key.
  // `recursive` gives every folder it creates this mode, so a new ~/.ucwa-inspector is private too.
  mkdirSync(join(dir, 'certs'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  const keys = await rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  cert.setSubject(CA_SUBJECT);
  cert.setIssuer(CA_SUBJECT);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  writeFileSync(join(dir, 'keys', 'ca.private.key'), forge.pki.privateKeyToPem(forge.pki.privateKeyFromPem(keys.privateKey)), { mode: 0o600 });
  chmodSync(join(dir, 'keys', 'ca.private.key'), 0o600);
  writeFileSync(join(dir, 'keys', 'ca.public.key'), keys.publicKey);
  writeFileSync(join(dir, 'certs', 'ca.pem'), forge.pki.certificateToPem(cert));
}

/** A CA made by an older version has 0755 folders: tighten them (when they are ours to change). */
function keepPrivate(dir: string): void {
  for (const folder of [dir, join(dir, 'certs'), join(dir, 'keys')]) {
    try {
      if ((statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
    } catch {
      // Not ours (a shared --ca-dir): leave its modes to its owner.
    }
  }
}

/** Loads the CA in `dir`, creating it the first time. */
export async function loadCertificateAuthority(dir = defaultCaDir()): Promise<CertificateAuthority> {
  const certPath = join(dir, 'certs', 'ca.pem');
  const keyPath = join(dir, 'keys', 'ca.private.key');
  if (!existsSync(certPath) || !existsSync(keyPath)) await createCa(dir);
  keepPrivate(dir);
  const certPem = readFileSync(certPath, 'utf8');
  const caCert = forge.pki.certificateFromPem(certPem);
  const caKey = forge.pki.privateKeyFromPem(readFileSync(keyPath, 'utf8'));
  let leafKeys: Promise<{ publicKey: string; privateKey: string }> | null = null;
  const issued = new Map<string, Promise<{ certPem: string; keyPem: string }>>();

  const issue = async (host: string): Promise<{ certPem: string; keyPem: string }> => {
    leafKeys ??= rsaKeyPair();
    const keys = await leafKeys;
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
    cert.serialNumber = serialNumber();
    cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
    cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
    cert.setSubject([{ name: 'commonName', value: host }]);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [isIP(host) ? { type: 7, ip: host } : { type: 2, value: host }] },
    ]);
    cert.sign(caKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKey };
  };

  return {
    dir,
    certPath,
    certPem,
    leafFor(host) {
      let leaf = issued.get(host);
      if (!leaf) {
        leaf = issue(host);
        issued.set(host, leaf);
      }
      return leaf;
    },
  };
}
