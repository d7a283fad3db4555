/** The recording proxy and its certificate authority. */
export { startRecordingProxy, DEFAULT_BODY_CAP_BYTES, type RecordingProxyOptions, type RunningRecordingProxy } from './recording-proxy.ts';
export { loadCertificateAuthority, defaultCaDir, type CertificateAuthority } from './certificate-authority.ts';
