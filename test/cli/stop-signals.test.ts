import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { startCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-stop-signals-');
let upstream: Server | null = null;
afterAll(async () => {
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  tmp.cleanup();
});

async function startUpstream(): Promise<string> {
  upstream = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ rel: 'echo', path: req.url, padding: 'x'.repeat(2000) }));
  });
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

describe('stopping `record` with more than one signal', () => {
  it('keeps saving when SIGTERM follows Ctrl-C at once: every answered exchange is saved and the session ended', async () => {
    const upstreamUrl = await startUpstream();
    const db = tmp.path('two-signals.db');
    const run = startCli(['record', '--upstream', upstreamUrl, '--db', db, '--ca-dir', tmp.path('ca')]);
    const [, proxy] = await run.line(/^proxy: (http:\/\/127\.0\.0\.1:\d+)$/m);
    const answered = await Promise.all(Array.from({ length: 50 }, (_, n) => fetch(`${proxy}/answer/${n}`).then(async (response) => ({ n, status: response.status, body: await response.text() }))));
    expect(answered.every((a) => a.status === 200)).toBe(true);

    // Holding the file's write lock keeps the final save from finishing, so the second signal surely lands during it.
    const holder = new Database(db);
    holder.pragma('busy_timeout = 10000');
    holder.exec('BEGIN IMMEDIATE');
    run.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 1));
    run.child.kill('SIGTERM');
    for (let i = 0; i < 200 && !run.output().stderr.includes('finishing the save'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(run.output().stderr).toContain('finishing the save, press Ctrl-C again to abandon it');
    holder.exec('COMMIT');
    holder.close();
    expect(await run.exited).toBe(0);

    const store = RecordingStore.open(db, { readOnly: true });
    const [session] = store.listSessions();
    expect(session?.endedAtMs).not.toBeNull();
    const saved = [...store.iterateExchanges(session?.id ?? 0)].map((row) => ({ url: new URL(row.exchange.request.url).pathname, stage: row.exchange.stage }));
    store.close();
    expect(saved.sort((a, b) => a.url.localeCompare(b.url))).toEqual(answered.map((a) => ({ url: `/answer/${a.n}`, stage: 'completed' })).sort((a, b) => a.url.localeCompare(b.url)));
  });

});
