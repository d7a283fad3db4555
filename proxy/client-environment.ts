/**
 * The environment that sends a wrapped client's HTTP(S) through the recording proxy and makes it
 * trust our CA, for the common stacks (Node, Python requests/urllib, curl, .NET, Go) at once.
 */
import { fileURLToPath } from 'node:url';

/** Preloaded into Node clients: fetch and http/https honour the proxy variables. */
export const NODE_PRELOAD_PATH = fileURLToPath(new URL('./client-preload.cjs', import.meta.url));

export interface ClientEnvironmentOptions {
  /** The environment the command would have had. */
  readonly base: NodeJS.ProcessEnv;
  readonly mode: 'forward' | 'reverse';
  /** The proxy's URL: the HTTP(S) proxy in forward mode, the server's stand-in in reverse mode. */
  readonly proxyUrl: string;
  /** Reverse mode: the server the proxy stands in front of; its path is kept in UCWA_URL. */
  readonly upstream?: string;
  /** Forward mode: our CA plus the system's (writeCaBundle). */
  readonly caBundlePath?: string;
}

export function clientEnvironment(options: ClientEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...options.base };
  if (options.mode === 'reverse') {
    // The client is pointed at the proxy by URL; a proxy it already uses must not stand in between.
    const host = new URL(options.proxyUrl).hostname;
    const upstream = options.upstream ? new URL(options.upstream) : null;
    env['UCWA_URL'] = `${options.proxyUrl}${upstream ? `${upstream.pathname}${upstream.search}` : '/'}`;
    for (const name of ['NO_PROXY', 'no_proxy'] as const) env[name] = options.base[name] ? `${options.base[name]},${host}` : host;
    return env;
  }
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'] as const) env[name] = options.proxyUrl;
  // Cleared, not narrowed: UCWA servers under test are often on loopback, which clients skip by default only when told.
  env['NO_PROXY'] = '';
  env['no_proxy'] = '';
  if (options.caBundlePath) {
    for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'] as const) env[name] = options.caBundlePath;
  }
  const preload = `--require ${quoteForNodeOptions(NODE_PRELOAD_PATH)}`;
  env['NODE_OPTIONS'] = options.base['NODE_OPTIONS'] ? `${options.base['NODE_OPTIONS']} ${preload}` : preload;
  return env;
}

/** NODE_OPTIONS splits on spaces unless a value is in double quotes (with \" and \\ escaped). */
function quoteForNodeOptions(path: string): string {
  return /[\s"\\]/.test(path) ? `"${path.replace(/[\\"]/g, (c) => `\\${c}`)}"` : path;
}
