/** The recording proxy, its certificate authority, and the environment that sends a client through it. */
export { startRecordingProxy, DEFAULT_BODY_CAP_BYTES, type RecordingProxyOptions, type RunningRecordingProxy } from './recording-proxy.ts';
/** What startRecordingProxy throws for an option it cannot use (names the option and the value). */
export { OptionError } from '../protocol/option-error.ts';
export { loadCertificateAuthority, defaultCaDir, type CertificateAuthority } from './certificate-authority.ts';
export { clientEnvironment, NODE_PRELOAD_PATH, type ClientEnvironmentOptions } from './client-environment.ts';
export { writeCaBundle, type CaBundleOptions } from './ca-bundle.ts';
export type { TlsRefusal } from './tls-refusals.ts';
