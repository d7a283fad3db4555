/**
 * The client's HTTP: node:http/https with keep-alive, optionally through an HTTP proxy
 * (absolute-form requests for http targets, a CONNECT tunnel then TLS for https ones), trusting
 * extra CA certificates (an intercepting proxy's CA, the simulator's self-signed certificate).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, rootCertificates, type ConnectionOptions } from 'node:tls';

export interface TransportOptions {
  /** An HTTP proxy, e.g. `http://127.0.0.1:8080`. */
  readonly proxy?: string;
  /** PEM certificates to trust besides the system's. */
  readonly ca?: string | readonly string[];
  /** Default true. */
  readonly rejectUnauthorized?: boolean;
  /** Told about every response, for tests and tools that want to look at the traffic. */
  readonly observe?: (exchange: { readonly method: string; readonly url: URL; readonly response: HttpResponse }) => void;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

export interface HttpRequestInit {
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
  readonly signal?: AbortSignal;
}

/** Routes https connections through `CONNECT host:port` on the proxy, then TLS inside the tunnel. */
class TunnelingAgent extends HttpsAgent {
  constructor(
    private readonly proxy: URL,
    private readonly tls: ConnectionOptions,
  ) {
    super({ keepAlive: true });
  }

  override createConnection(options: { host?: string | null; port?: number | null; servername?: string }, callback?: (error: Error | null, socket: Duplex) => void): Duplex | undefined {
    const target = `${options.host ?? 'localhost'}:${options.port ?? 443}`;
    const connect = httpRequest({ host: this.proxy.hostname, port: this.proxy.port || 80, method: 'CONNECT', path: target, headers: { Host: target } });
    connect.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        callback?.(new Error(`the proxy ${this.proxy.host} refused to tunnel to ${target}: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()), socket);
        return;
      }
      const name = options.servername || options.host || undefined;
      const secure = tlsConnect({ ...this.tls, socket, ...(name ? { host: name } : {}), ...(name && !isIP(name) ? { servername: name } : {}) });
      secure.once('secureConnect', () => callback?.(null, secure));
      secure.once('error', (error) => callback?.(error, secure));
    });
    connect.on('error', (error) => callback?.(new Error(`cannot reach the proxy ${this.proxy.host}: ${error.message}`), connect.socket as Duplex));
    connect.end();
    return undefined;
  }
}

export class HttpTransport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent: HttpsAgent;
  private readonly proxy: URL | null;
  private readonly observe: TransportOptions['observe'];

  constructor(options: TransportOptions = {}) {
    this.observe = options.observe;
    this.proxy = options.proxy ? new URL(options.proxy) : null;
    const extra = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
    const tls: ConnectionOptions = { ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}), rejectUnauthorized: options.rejectUnauthorized ?? true };
    this.httpsAgent = this.proxy ? new TunnelingAgent(this.proxy, tls) : new HttpsAgent({ keepAlive: true, ...tls });
  }

  request(url: URL, init: HttpRequestInit): Promise<HttpResponse> {
    const body = init.body === undefined ? undefined : typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : Buffer.from(init.body);
    const headers: Record<string, string> = { ...init.headers, ...(body ? { 'Content-Length': String(body.byteLength) } : {}) };
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const options = this.proxy && !secure
        ? { host: this.proxy.hostname, port: this.proxy.port || 80, path: url.href, method: init.method, headers: { ...headers, Host: url.host }, agent: this.httpAgent }
        : { host: url.hostname, port: url.port || (secure ? 443 : 80), path: `${url.pathname}${url.search}`, method: init.method, headers, agent: secure ? this.httpsAgent : this.httpAgent, ...(isIP(url.hostname) ? {} : { servername: url.hostname }) };
      const onAbort = (): void => {
        req.destroy(new Error('aborted'));
      };
      const done = (): void => init.signal?.removeEventListener('abort', onAbort);
      const req = (secure ? httpsRequest : httpRequest)(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          done();
          const response = { status: res.statusCode ?? 0, headers: res.headers, body: new Uint8Array(Buffer.concat(chunks)) };
          this.observe?.({ method: init.method, url, response });
          resolve(response);
        });
        res.on('error', (error) => {
          done();
          reject(error);
        });
      });
      req.on('error', (error) => {
        done();
        reject(error);
      });
      if (init.signal) {
        if (init.signal.aborted) req.destroy(new Error('aborted'));
        else init.signal.addEventListener('abort', onAbort, { once: true });
      }
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
