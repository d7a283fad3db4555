/**
 * Where a reverse-mode request goes: the upstream for plain paths, another host for
 * `/~https/host/…` paths, but only a host the upstream (or a host already followed) named in an
 * absolute URL during this proxy's lifetime, so the proxy is never an open relay.
 */
import { targetOfProxyPath } from '../protocol/proxy-urls.ts';

export type ReverseRoute =
  | { readonly ok: true; readonly origin: string; readonly pathAndQuery: string }
  | { readonly ok: false; readonly status: number; readonly body: string };

/** Where to connect for an origin, as http's request options want it. */
export interface OriginAddress {
  /** Host name or IP, without IPv6 brackets. */
  readonly hostname: string;
  readonly port: number;
  /** The Host header: host and port as the origin names them. */
  readonly host: string;
  readonly tls: boolean;
}

export class ReverseRoutes {
  private readonly known = new Set<string>();
  /** Origins parsed once, not on every request. */
  private readonly addresses = new Map<string, OriginAddress>();

  constructor(readonly upstream: URL) {
    this.known.add(upstream.origin);
  }

  /** Origins the session was sent to: from now on the proxy forwards to them. */
  learn(origins: Iterable<string>): void {
    for (const origin of origins) if (/^https?:\/\//.test(origin)) this.known.add(origin);
  }

  addressOf(origin: string): OriginAddress {
    let address = this.addresses.get(origin);
    if (address === undefined) {
      const url = new URL(origin);
      const tls = url.protocol === 'https:';
      address = { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : tls ? 443 : 80, host: url.host, tls };
      this.addresses.set(origin, address);
    }
    return address;
  }

  resolve(pathAndQuery: string): ReverseRoute {
    const target = targetOfProxyPath(pathAndQuery, this.upstream.origin);
    if (!target.ok) return refusal(400, 'BadRequest', `ucwa-inspector: the request path ${pathAndQuery.split('?')[0]} is not one the proxy can forward: ${target.problem}.`);
    if (!this.known.has(target.origin)) {
      const host = new URL(target.origin).host;
      return refusal(
        403,
        'Forbidden',
        `ucwa-inspector: the proxy forwards /~…/${host}/ only to hosts the upstream ${this.upstream.origin} named in this session, and ${host} was not named (known: ${[...this.known].join(', ')}). Follow the links the proxy serves, or start a proxy with --upstream ${target.origin}.`,
      );
    }
    return { ok: true, origin: target.origin, pathAndQuery: target.pathAndQuery };
  }
}

/** A UCWA-shaped error body (ErrorsAndInformationalMessages.md), so a UCWA client reports it like any server error. */
function refusal(status: number, code: string, message: string): ReverseRoute {
  return { ok: false, status, body: JSON.stringify({ code, subcode: 'UnknownHost', message }) };
}
