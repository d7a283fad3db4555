import { statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.ts';
import { startSimulator } from '../../simulator/index.ts';
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
