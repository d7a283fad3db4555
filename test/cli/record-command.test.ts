import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const bin = fileURLToPath(new URL('../../bin/ucwa-inspector.mjs', import.meta.url));
const tmp = makeTempDir('ucwa-record-cli-');
afterAll(() => tmp.cleanup());

function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (let i = 0; i < 300; i++) {
      const match = pattern.exec(stdout);
      if (match) return match;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no line matching ${pattern}; stdout: ${stdout}`);
  };
  return { child, exited, line, stdout: () => stdout };
}

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
