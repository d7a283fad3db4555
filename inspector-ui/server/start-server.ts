/**
 * Serves the inspector (API and the built app) on 127.0.0.1 with @hono/node-server, answering
 * only requests addressed to it by its own origin (host-guard.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { portOption } from '../../protocol/option-error.ts';
import type { RecordingStore } from '../../storage/recording-store.ts';
import { createInspectorApp } from './create-app.ts';
import type { CompareSessions } from './diff-route.ts';
import { guardFetch } from './host-guard.ts';

/**
 * The built app (vite, inspector-ui.vite.config.ts) lives at dist/inspector-ui/app/, beside the compiled
 * server (dist/inspector-ui/server/); this source file, run as TypeScript from a checkout, is two folders up.
 */
export const APP_DIST = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/inspector-ui/app/' : '../app/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };

export interface RunningInspector {
  readonly url: string;
  close(): Promise<void>;
}

export interface InspectorServerOptions {
  readonly store: RecordingStore;
  readonly port?: number;
  /** Where to listen; default 127.0.0.1. */
  readonly host?: string;
  /** Other names the inspector may be reached by (`--allow-host`), besides 127.0.0.1, localhost, [::1] and `host`. */
  readonly allowHosts?: readonly string[];
  readonly distDir?: string;
  /** replay/drift's `diffSessions`, for the compare view (`/api/diff`). */
  readonly compare?: CompareSessions;
}

export async function startInspectorServer(options: InspectorServerOptions): Promise<RunningInspector> {
  if (options.port !== undefined) portOption('port', options.port);
  const app = createInspectorApp({ store: options.store, ...(options.compare ? { compare: options.compare } : {}) });
  const dist = options.distDir ?? APP_DIST;
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `no such API path: ${c.req.path}` }, 404);
    if (!existsSync(join(dist, 'index.html'))) return c.text(`The inspector app is not built: run \`npm run build\` (the API is at /api/sessions).`, 503);
    const requested = normalize(join(dist, c.req.path));
    const file = requested.startsWith(dist) && existsSync(requested) && extname(requested) ? requested : join(dist, 'index.html');
    return c.body(readFileSync(file), 200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  });
  const host = options.host ?? '127.0.0.1';
  let listeningPort = 0;
  const fetch = guardFetch(app.fetch, () => listeningPort, { listenHost: host, ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}) });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  listeningPort = port;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
