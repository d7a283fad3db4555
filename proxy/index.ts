/** The recording proxy and its certificate authority. */
export { startRecordingProxy, DEFAULT_BODY_CAP_BYTES, type RecordingProxyOptions, type RunningRecordingProxy } from './recording-proxy.ts';
/** What startRecordingProxy throws for an option it cannot use (names the option and the value). */
export { OptionError } from '../protocol/option-error.ts';
export { loadCertificateAuthority, defaultCaDir, type CertificateAuthority } from './certificate-authority.ts';
