import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { runCli, startCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const clients = (name: string): string => fileURLToPath(new URL(`../support/wrap-clients/${name}`, import.meta.url));
const tmp = makeTempDir('ucwa-record-wrap-');
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ tls: true, timeScale: 0.05 });
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

/** `record` in forward mode on a fresh database, trusting the simulator's self-signed certificate upstream. */
function record(db: string, session: string, command: readonly string[]) {
  return runCli(['record', '--db', tmp.path(db), '--session', session, '--ca-dir', tmp.path('ca'), '--insecure-upstream', '--', ...command]);
}

function recordedSession(db: string, session: string) {
  const store = RecordingStore.open(tmp.path(db), { readOnly: true });
  try {
    const summary = store.listSessions().find((s) => s.name === session);
    if (!summary) throw new Error(`no session "${session}" in ${db}`);
    return { summary, timeline: sessionTimeline(store, summary.id) };
  } finally {
    store.close();
  }
}

describe('ucwa-inspector record -- <command>', () => {
  it.each([
    ['a Node client on fetch', ['node', clients('node-fetch-client.mjs')]],
    ['a Node client on https.request', ['node', clients('node-https-client.mjs')]],
    ['a Python client on requests', ['python3', clients('python-requests-client.py')]],
    ['a Python client on urllib', ['python3', clients('python-urllib-client.py')]],
  ])('records %s over HTTPS with no set-up of its own, and exits with its exit code', async (name, command) => {
    const run = await record('clients.db', name, [...command, sim.url, '3']);
    expect(run.stderr).not.toMatch(/made no request|TLS connection/);
    expect(run.code).toBe(3);
    // Our lines are on stderr; the command's stdout is its own.
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ui: http:\/\/127\.0\.0\.1:\d+\/$/m);
    // A client hanging up its tunnels (urllib resets each one) is not news.
    expect(run.stderr).not.toMatch(/ECONNRESET|Socket error/);
    const { summary, timeline } = recordedSession('clients.db', name);
    expect(run.stderr).toContain(`stopped: ${summary.exchangeCount} exchanges, ${summary.eventCount} events, 1 conversations, 0 errors recorded in session ${summary.id}\n`);
    // Discovery, 401, token, user, application, makeMeAvailable, communication, startMessaging, sendMessage, two DELETEs and the polls.
    expect(summary.exchangeCount).toBeGreaterThanOrEqual(12);
    expect(summary).toMatchObject({ mode: 'forward', conversationCount: 1, errorCount: 0 });
    const [conversation] = timeline.conversations;
    expect(conversation?.subject).toBe('wrapped');
    expect(conversation?.messages.map((m) => [m.direction, m.text])).toEqual([
      ['Outgoing', 'Hello echo'],
      ['Incoming', 'Hello echo'],
    ]);
    expect(conversation?.participants.map((p) => p.name)).toContain('Echo Bot');
    expect(timeline.application.map((a) => a.what)).toEqual(['created', 'made-available', 'deleted']);
  }, 90_000);

  it('gives the command the proxy URL in UCWA_URL in reverse mode and records its conversation', async () => {
    const db = tmp.path('reverse.db');
    const run = await runCli(['record', '--upstream', sim.url, '--db', db, '--session', 'reverse', '--insecure-upstream', '--', 'sh', '-c', `node "${clients('node-fetch-client.mjs')}" "$UCWA_URL" && echo "$UCWA_URL"`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(run.stderr).toContain(`proxy: ${run.stdout.trim().replace(/\/$/, '')}`);
    const { summary, timeline } = recordedSession('reverse.db', 'reverse');
    expect(summary).toMatchObject({ mode: 'reverse', conversationCount: 1, errorCount: 0 });
    expect(timeline.conversations[0]?.messages.map((m) => m.text)).toEqual(['Hello echo', 'Hello echo']);
  });

  it('says so when the command made no request through the proxy, and passes its output through untouched', async () => {
    const run = await record('ignored.db', 'ignores the proxy', ['node', clients('ignores-proxy.mjs'), sim.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('HTTP/1.1 200 OK\n');
    expect(run.stderr).toMatch(/^stopped: 0 exchanges/m);
    expect(run.stderr).toContain('warning: the command made no request through the proxy: it may ignore HTTP(S)_PROXY or pin certificates; see README#recording-a-client');
  });

  it('reports TLS connections refused by a client that pins the server\'s certificate', async () => {
    const pinned = tmp.path('simulator.pem');
    writeFileSync(pinned, sim.certificatePem ?? '');
    const run = await record('pinned.db', 'pinned', ['python3', '-c', 'import requests, sys\ntry:\n  requests.get(sys.argv[1], verify=sys.argv[2])\nexcept requests.exceptions.SSLError:\n  sys.exit(4)', sim.url, pinned]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^warning: \d+ TLS connections? to the proxy failed \(127\.0\.0\.1\): the client rejected our certificate \(TLS alert: unknown ca\)\. The command does not trust our CA/m);
    expect(run.stderr).toContain('the command made no request through the proxy');
  });

  it('runs the command with the arguments after --, even ones record also has', async () => {
    const run = await record('args.db', 'args', ['sh', '-c', 'echo "$@"', 'sh', '--help', '--db', 'x']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('--help --db x\n');
  });

  it('says in one line that a command it cannot find was not found, exit 127, and records nothing', async () => {
    const run = await record('missing.db', 'missing', ['no-such-ucwa-client', '--flag']);
    expect(run.code).toBe(127);
    expect(run.stderr).toBe('ucwa-inspector record: cannot run "no-such-ucwa-client": command not found\n');
    expect(run.stdout).toBe('');
    expect(existsSync(tmp.path('missing.db'))).toBe(false);
  });

  it('keeps the inspector open after the command with --keep-ui, until Ctrl-C, and still exits with the command\'s code', async () => {
    const run = startCli(['record', '--db', tmp.path('kept.db'), '--session', 'kept', '--ca-dir', tmp.path('ca'), '--keep-ui', '--', 'node', '-e', 'process.exitCode = 2']);
    const [, ui] = await run.line(/^ui: (http:\/\/127\.0\.0\.1:\d+\/) {2}\(kept open; Ctrl-C to stop\)$/m, 'stderr');
    expect(run.output().stderr).toMatch(/^stopped: 0 exchanges/m);
    const sessions = (await (await fetch(`${ui}api/sessions`)).json()) as { name: string }[];
    expect(sessions.map((session) => session.name)).toEqual(['kept']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(2);
  });

  it('passes Ctrl-C to the command, waits for it to end, then saves the session', async () => {
    const db = tmp.path('interrupted.db');
    const script = "process.on('SIGINT', () => { console.log('client stopping'); setTimeout(() => process.exit(5), 200); }); console.log('client ready'); setInterval(() => {}, 1000);";
    const run = startCli(['record', '--db', db, '--session', 'interrupted', '--ca-dir', tmp.path('ca'), '--', 'node', '-e', script]);
    await run.line(/client ready/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(5);
    expect(run.stdout()).toBe('client ready\nclient stopping\n');
    expect(run.output().stderr).toMatch(/^stopped: 0 exchanges/m);
    const store = RecordingStore.open(db, { readOnly: true });
    expect(store.listSessions()[0]).toMatchObject({ name: 'interrupted', endedAtMs: expect.any(Number) });
    store.close();
  });
});
