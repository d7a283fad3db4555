import { readFileSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.ts';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-record-cli-');
afterAll(() => tmp.cleanup());

describe('ucwa-inspector record and ca', () => {
  it('records through the printed proxy URL into the database, and flushes on SIGINT', async () => {
    const sim = await startSimulator();
    const db = tmp.path('record.db');
    const run = startCli(['record', '--upstream', sim.url, '--db', db, '--session', 'cli run', '--ca-dir', tmp.path('ca')]);
    const [, proxy] = await run.line(/^proxy: (http:\/\/127\.0\.0\.1:\d+)$/m);
    const root = await fetch(`${proxy}/`);
    expect(((await root.json()) as { rel: string }).rel).toBe('root');
    expect((await fetch(`${proxy}/nowhere`)).status).toBe(404);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/stopped: 2 exchanges/);
    const store = RecordingStore.open(db, { readOnly: true });
    expect(store.listSessions()).toEqual([expect.objectContaining({ name: 'cli run', mode: 'reverse', exchangeCount: 2 })]);
    store.close();
    await sim.close();
  });

  it('intercepts HTTPS in forward mode and prints only its own lines, not the proxy library\'s narration', async () => {
    const sim = await startSimulator({ tls: true, timeScale: 0.05 });
    const db = tmp.path('forward.db');
    const run = startCli(['record', '--db', db, '--ca-dir', tmp.path('ca-forward'), '--insecure-upstream']);
    const [, proxy] = await run.line(/^proxy: (http:\/\/127\.0\.0\.1:\d+)$/m);
    const client = new UcwaClient({ baseUrl: sim.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, proxy, ca: readFileSync(tmp.path('ca-forward/certs/ca.pem'), 'utf8') });
    await client.signIn();
    await client.close();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const { stdout, stderr } = run.output();
    const output = `${stdout}${stderr}`;
    expect(output).toMatch(/stopped: \d+ exchanges/);
    expect(output).not.toMatch(/starting server for|https server started|creating SNI context|ECONNRESET/);
    await sim.close();
  });

  it('prints the CA certificate and where it is', async () => {
    const run = startCli(['ca', '--ca-dir', tmp.path('ca2')]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^certificate: .*ca2\/certs\/ca\.pem\n\n-----BEGIN CERTIFICATE-----/);
    expect(statSync(tmp.path('ca2/keys/ca.private.key')).mode & 0o777).toBe(0o600);
    // A second run reuses the same CA.
    const again = startCli(['ca', '--ca-dir', tmp.path('ca2'), '--pem']);
    expect(await again.exited).toBe(0);
    expect(run.stdout()).toContain(again.stdout());
  });
});
