import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type RunningInspector } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';
import { startCli } from '../support/cli-process.ts';

const tmp = makeTempDir('ucwa-host-guard-');
let store: RecordingStore;
let ui: RunningInspector;
let allowing: RunningInspector;
let port: number;
beforeAll(async () => {
  store = RecordingStore.open(tmp.path('guarded.db'), { create: true });
  const recorder = await store.startSession({ name: 'private chat', mode: 'reverse' });
  for (const exchange of makeConversationTraffic()) recorder.record(exchange);
  await recorder.end();
  ui = await startInspectorServer({ store });
  allowing = await startInspectorServer({ store, allowHosts: ['inspector.lan'] });
  port = Number(new URL(ui.url).port);
});
afterAll(async () => {
  await ui.close();
  await allowing.close();
  store.close();
  tmp.cleanup();
});

/** A real request to 127.0.0.1 with whatever Host and Origin a browser under DNS rebinding would send. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      // The change stream never ends on its own: the first bytes say enough.
      if (String(response.headers['content-type']).startsWith('text/event-stream')) response.once('data', () => (response.destroy(), resolve({ status: response.statusCode ?? 0, body, type: 'text/event-stream' })));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, type: String(response.headers['content-type']) }));
    })
      .on('error', reject)
      .end();
  });
}

const exportPath = '/api/sessions/1/export?format=har';

describe('the inspector server refuses requests not addressed to it', () => {
  it('answers its own addresses: 127.0.0.1, localhost and [::1] with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await get(`${ui.url}api/sessions`, { Host: host });
      expect(answer.status, host).toBe(200);
      expect(answer.body).toContain('private chat');
    }
  });

  it('refuses a rebound host name with 403 and one line naming --allow-host, for the API, the export, the app and the change stream', async () => {
    for (const path of [exportPath, '/api/sessions', '/', '/api/changes']) {
      const answer = await get(`${ui.url}${path.slice(1)}`, { Host: 'evil.example' });
      expect(answer.status, path).toBe(403);
      expect(answer.body).toMatch(/^ucwa-inspector: refused a request for host "evil\.example": .*--allow-host evil\.example\.\n$/);
      expect(answer.body).not.toContain('private chat');
    }
    expect((await get(`${ui.url}api/sessions`, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(`${ui.url}api/sessions`, { Host: `127.0.0.1:${port + 1}` })).status).toBe(403);
  });

  it('refuses a cross-origin request, the change stream included, and accepts its own origin', async () => {
    for (const path of [exportPath, '/api/changes']) {
      const answer = await get(`${ui.url}${path.slice(1)}`, { Host: `127.0.0.1:${port}`, Origin: 'http://evil.example' });
      expect(answer.status, path).toBe(403);
      expect(answer.body).toMatch(/^ucwa-inspector: refused a cross-origin request from http:\/\/evil\.example: .*--allow-host NAME\.\n$/);
    }
    expect((await get(`${ui.url}api/sessions`, { Host: `127.0.0.1:${port}`, Origin: 'null' })).status).toBe(403);
    expect((await get(`${ui.url}api/sessions`, { Host: `127.0.0.1:${port}`, Origin: `http://localhost:${port}` })).status).toBe(200);
    const stream = await get(`${ui.url}api/changes`, { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` });
    expect(stream).toMatchObject({ status: 200, type: 'text/event-stream' });
  });

  it('answers a name the user allowed with --allow-host', async () => {
    const allowedPort = Number(new URL(allowing.url).port);
    const answer = await get(`${allowing.url}api/sessions`, { Host: `inspector.lan:${allowedPort}`, Origin: `http://inspector.lan:${allowedPort}` });
    expect(answer.status).toBe(200);
    expect((await get(`${allowing.url}api/sessions`, { Host: `evil.example:${allowedPort}` })).status).toBe(403);
  });
});

describe('`record --host 0.0.0.0`', () => {
  it('publishes the proxy but keeps the inspector on 127.0.0.1 unless --ui-host says otherwise', async () => {
    const run = startCli(['record', '--upstream', 'http://127.0.0.1:9', '--db', tmp.path('published.db'), '--host', '0.0.0.0', '--ca-dir', tmp.path('ca'), '--allow-host', 'inspector.lan']);
    const [, uiUrl] = await run.line(/^ui: (\S+)$/m);
    expect(run.stdout()).toMatch(/^proxy: http:\/\/0\.0\.0\.0:\d+$/m);
    expect(uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const uiPort = new URL(uiUrl as string).port;
    expect((await get(`${uiUrl}api/sessions`, { Host: `inspector.lan:${uiPort}` })).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('refuses an --allow-host with a port, naming the value', async () => {
    const run = startCli(['ui', '--db', tmp.path('guarded.db'), '--allow-host', 'inspector.lan:8080']);
    expect(await run.exited).toBe(2);
    if (!run.child.stderr.readableEnded) await new Promise((resolve) => run.child.stderr.once('end', resolve));
    expect(run.output().stderr).toContain('--allow-host takes a host name or address without a port, such as inspector.lan or 192.168.1.20, not "inspector.lan:8080"');
  });
});
