/**
 * TLS connections to the proxy that a client gave up on during or right after the handshake: what
 * a client that does not trust our CA (or pins the server's certificate) looks like from here.
 */
import type { Socket } from 'node:net';

export interface TlsRefusal {
  /** The host the client was reaching, when the connection still tells (SNI or its server). */
  readonly host: string | null;
  readonly reason: string;
}

/** OpenSSL clients (curl, Python, .NET on Linux) send one of these alerts when they reject a certificate. */
const CERTIFICATE_ALERT = /_ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED)$/;

export class TlsRefusals {
  private readonly served = new WeakSet<Socket>();
  private readonly refusals: TlsRefusal[] = [];

  constructor(private readonly hostOf: (socket: Socket) => string | null) {}

  /** A request came on this connection: whatever happens to it later, its client trusted us. */
  noteRequest(socket: Socket): void {
    this.served.add(socket);
  }

  /** An error on a connection to one of the proxy's TLS servers, before or between requests. */
  noteClientError(error: unknown, socket: Socket | undefined): void {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
    const alert = CERTIFICATE_ALERT.exec(code)?.[1];
    let reason: string | null = null;
    if (alert) reason = `the client rejected our certificate (TLS alert: ${alert.toLowerCase().replace(/_/g, ' ')})`;
    // Node checks the certificate after the handshake and then drops the connection unused.
    else if (code === 'ECONNRESET' && socket && !this.served.has(socket)) reason = 'the client dropped the connection after the TLS handshake without sending a request';
    if (reason) this.refusals.push({ host: socket ? this.hostOf(socket) : null, reason });
  }

  list(): readonly TlsRefusal[] {
    return [...this.refusals];
  }
}
