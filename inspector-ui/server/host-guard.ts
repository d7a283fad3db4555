/**
 * Keeps other web sites out of the inspector. A page on evil.example can point its own name at
 * 127.0.0.1 (DNS rebinding) and read every recording through the victim's browser, or post to
 * us from its origin; so a request is answered only when its Host is an address we listen on
 * (or a name the user allowed with --allow-host) and it carries no foreign Origin.
 */

export interface HostGuardOptions {
  /** The address the server listens on, as given (127.0.0.1, 0.0.0.0, a LAN address…). */
  readonly listenHost: string;
  /** Extra host names the user allowed (`--allow-host NAME`). */
  readonly allowHosts?: readonly string[];
}

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** Wraps a fetch handler; `port()` is read per request, as it is known only once the server listens. */
export function guardFetch<F extends Fetch>(fetch: F, port: () => number, options: HostGuardOptions): F {
  const names = new Set([...LOOPBACK, bracketed(options.listenHost), ...(options.allowHosts ?? []).map(bracketed)].map((name) => name.toLowerCase()));
  const ours = (host: string): boolean => {
    const match = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
    if (!match) return false;
    const listening = port();
    const given = match[2] === undefined ? 80 : Number(match[2]);
    return names.has(match[1] as string) && given === listening;
  };
  const guarded = (request: Request, ...rest: never[]) => {
    const host = request.headers.get('host') ?? '';
    if (!ours(host)) return refuse(`refused a request for host "${host}": the inspector answers only at ${[...names].map((n) => `${n}:${port()}`).join(', ')}. If you reach it by another name, start it with --allow-host ${hostnameOf(host) || 'NAME'}.`);
    const origin = request.headers.get('origin');
    if (origin !== null && !sameOrigin(origin, ours))
      return refuse(`refused a cross-origin request from ${origin}: only the inspector's own pages may use its API. If that is your inspector reached by another name, start it with --allow-host NAME.`);
    return fetch(request, ...rest);
  };
  return guarded as F;
}

function sameOrigin(origin: string, ours: (host: string) => boolean): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && ours(url.port ? url.host : `${url.host}:80`);
  } catch {
    return false; // "null" (a sandboxed page, a file) or garbage
  }
}

/** An IPv6 address as it appears in a Host header. */
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function hostnameOf(host: string): string {
  return (/^(\[[^\]]*\]|[^:]+)/.exec(host)?.[1] ?? '').replace(/[^\w.\-[\]:]/g, '');
}

function refuse(sentence: string): Response {
  return new Response(`ucwa-inspector: ${sentence}\n`, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
