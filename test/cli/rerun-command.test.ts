import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_USERS, DEFAULT_PASSWORD, startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-rerun-cli-');
const db = tmp.path('recorded.db');
let outgoing = 0;
let incoming = 0;
let meeting = 0;
const sims: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});
afterAll(() => tmp.cleanup());
beforeAll(async () => {
  const store = RecordingStore.open(db, { create: true });
  // Recorded through the recording proxy, so the token request's password is redacted.
  outgoing = (await recordScenario(store, 'outgoing-chat', { caDir: tmp.path('ca') })).sessionId;
  incoming = (await recordScenario(store, 'incoming-chat', { caDir: tmp.path('ca') })).sessionId;
  meeting = (await recordScenario(store, 'meeting', { caDir: tmp.path('ca') })).sessionId;
  store.close();
}, 60_000);

/** A fresh simulator: another seed than the recording's, so every id and href differs. */
async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<string> {
  const sim = await startSimulator({ seed: 23, timeScale: 0.05, ...options });
  sims.push(sim);
  return sim.url;
}

const rerun = (session: number, against: string, ...more: string[]) => runCli(['rerun', '--db', db, '--session', String(session), '--against', against, '--password', DEFAULT_PASSWORD, '--ca-dir', tmp.path('ca'), ...more]);

describe('ucwa-inspector rerun', () => {
  it('plays a recorded outgoing chat against a fresh simulator at its recorded pace and finds no drift', async () => {
    const run = await rerun(outgoing, await simulator({ scenario: 'outgoing-chat' }), '--fail-on-drift');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/No drift/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^rerun: session 4 in .*recorded\.db: 12 requests sent, 0 skipped; (\d+) events \(the recording had \1\)\n/);
    expect(run.stdout).toMatch(/No drift: 12 requests matched/);
  }, 60_000);

  it('waits for the invitation the live server sends before accepting it, and records the run as a new session', async () => {
    const run = await rerun(incoming, await simulator({ scenario: 'incoming-chat' }), '--pace', 'instant', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { rerun: { sessionId: number; sent: number; skipped: unknown[] }; drift: { findings: unknown[]; b: { sessionName: string } } };
    expect(report.rerun.skipped).toEqual([]);
    expect(report.drift.findings).toEqual([]);
    expect(report.drift.b.sessionName).toBe('rerun of incoming-chat (json)');
    const sessions = await runCli(['sessions', '--db', db]);
    expect(sessions.stdout).toContain('rerun of incoming-chat (json)');
  }, 60_000);

  it('plays a recorded meeting with the live meeting\'s URI and ETags, and finds no drift', async () => {
    // Another seed: the live meeting has another id, so another URI to join and another ETag to update it with.
    const run = await rerun(meeting, await simulator({ scenario: 'meeting' }), '--pace', 'instant', '--fail-on-drift');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/No drift: \d+ requests matched/);
    expect(run.code).toBe(0);
  }, 60_000);

  it('shows the drift when the live server behaves otherwise: nobody answers at echo', async () => {
    const noEcho = await simulator({ scenario: 'outgoing-chat', users: BUILT_IN_USERS.filter((user) => user.sip !== 'sip:echo@contoso.com') });
    const run = await rerun(outgoing, noEcho, '--pace', 'instant', '--wait-ms', '1000', '--fail-on-drift');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/skipped POST \S+\/messaging\/messages \(A#\d+\): the live server never showed a sendMessage link/);
    expect(run.stdout).toMatch(/only in A: POST \S+\/messaging\/messages\?operationId=op-2 \(sendMessage\) {2}\[A#\d+\]/);
    expect(run.stdout).toMatch(/events differ in conversation 1 [^\n]*:\n(?: {4}- [^\n]*\n)* {4}- completed messagingInvitation Success {2}\[A#\d+\]\n(?: {4}- [^\n]*\n)*(?: {4}\+ [^\n]*\n)* {4}\+ completed messagingInvitation Failure {2}\[B#\d+\]/);
  }, 60_000);

  it('names what is wrong with its arguments in one line', async () => {
    const noPassword = await runCli(['rerun', '--db', db, '--session', String(outgoing), '--against', 'http://127.0.0.1:9', '--ca-dir', tmp.path('ca')]);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/^ucwa-inspector rerun: session \d+'s token request has its password redacted: give the user's password with --password \(see `ucwa-inspector rerun --help`\)\n$/);
    expect((await runCli(['rerun', '--db', db, '--session', '1', '--against', 'lyncweb'])).stderr).toMatch(/^ucwa-inspector rerun: --against takes the live server's URL, but "lyncweb" is not an absolute URL/);
    expect((await runCli(['rerun', '--db', db, '--session', '1'])).stderr).toMatch(/--against is required/);
  });
});
