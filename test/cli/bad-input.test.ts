import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands.ts';
import { main } from '../../cli/main.ts';
import { RecordingStore } from '../../storage/index.ts';
import { startCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-bad-input-');
const fixture = tmp.path('chat.json');
const goodDb = tmp.path('good.db');
const notADb = tmp.path('notes.db');
const folder = tmp.path('a-folder');
const missing = tmp.path('missing.db');
const caDir = tmp.path('ca');
let takenPort = 0;
let taken: Server;

beforeAll(async () => {
  copyFileSync(fileURLToPath(new URL('../../recordings/outgoing-chat-json.json', import.meta.url)), fixture);
  writeFileSync(notADb, 'shopping list: milk, eggs\n');
  writeFileSync(tmp.path('not-a-fixture.json'), '{"hello": "world"}');
  mkdirSync(folder);
  expect((await runMain(['import', fixture, '--db', goodDb])).code).toBe(0);
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  tmp.cleanup();
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

/** The real CLI in this process, with its streams captured: for commands that end by themselves. */
async function runMain(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await main(argv, { stdout, stderr, stdin: Readable.from([]) }, env);
  return { code, stdout: out(), stderr: err() };
}

interface BadInput {
  readonly argv: () => readonly string[];
  readonly exit: 1 | 2;
  /** What the line must name: the flag or the input. */
  readonly names: () => string;
}

/** The taken port; titles are made before it is known. */
const port = () => (takenPort ? String(takenPort) : 'TAKEN');

/** Per command, bad flags and values a user can give; each must end in one line naming what was wrong. */
const CASES: readonly BadInput[] = [
  { argv: () => ['ca', '--ca-dir', notADb], exit: 1, names: () => '--ca-dir' },
  { argv: () => ['ca', '--pem', 'extra'], exit: 2, names: () => 'extra' },
  // A folder under a file: told by the path (ENOTDIR), not as a stack.
  { argv: () => ['ca', '--ca-dir', `${notADb}/ca`], exit: 1, names: () => `${notADb}/ca` },
  { argv: () => ['decode', tmp.path('nope.json')], exit: 1, names: () => tmp.path('nope.json') },
  { argv: () => ['decode', folder], exit: 1, names: () => folder },
  { argv: () => ['decode', '--status', '999', fixture], exit: 2, names: () => '--status' },
  { argv: () => ['demo', '--time-scale', 'fast'], exit: 2, names: () => '--time-scale' },
  { argv: () => ['demo', '--db', notADb], exit: 1, names: () => notADb },
  { argv: () => ['diff', fixture], exit: 2, names: () => 'side B' },
  { argv: () => ['diff', fixture, fixture, '--slower-than', 'fast'], exit: 2, names: () => '--slower-than' },
  { argv: () => ['diff', fixture, tmp.path('nope.json')], exit: 1, names: () => tmp.path('nope.json') },
  { argv: () => ['diff', '--db', goodDb, '--session', '1', '--session', 'no such session'], exit: 1, names: () => 'no such session' },
  { argv: () => ['diff', '--db', notADb, '--session', '1', '--session', '2'], exit: 1, names: () => notADb },
  { argv: () => ['export', '--db', goodDb, '--session', '1', '--format', 'xml'], exit: 2, names: () => '--format' },
  { argv: () => ['export', '--db', goodDb, '--session', 'no such session', '--format', 'har'], exit: 1, names: () => 'no such session' },
  { argv: () => ['export', '--db', notADb, '--session', '1', '--format', 'har'], exit: 1, names: () => notADb },
  { argv: () => ['export', '--db', goodDb, '--session', '1', '--format', 'har', '-o', folder], exit: 1, names: () => '--output' },
  { argv: () => ['import', tmp.path('nope.har'), '--db', goodDb], exit: 1, names: () => tmp.path('nope.har') },
  { argv: () => ['import', tmp.path('not-a-fixture.json'), '--db', goodDb], exit: 1, names: () => tmp.path('not-a-fixture.json') },
  { argv: () => ['import', fixture, '--db', notADb], exit: 1, names: () => notADb },
  { argv: () => ['record', '--upstream', 'notaurl', '--db', tmp.path('record.db')], exit: 2, names: () => '--upstream' },
  { argv: () => ['record', '--upstream', 'ftp://lyncweb.contoso.com', '--db', tmp.path('record.db')], exit: 2, names: () => '--upstream' },
  { argv: () => ['record', '--port', '70000'], exit: 2, names: () => '--port' },
  { argv: () => ['record', '--db', notADb], exit: 1, names: () => notADb },
  { argv: () => ['record', '--db', tmp.path('record.db'), '--ca-dir', caDir, '--port', port()], exit: 1, names: () => `--port` },
  { argv: () => ['record', '--db', tmp.path('record.db'), '--ca-dir', caDir, '--ui-port', port()], exit: 1, names: () => '--ui-port' },
  { argv: () => ['reindex', '--db', missing], exit: 1, names: () => missing },
  { argv: () => ['reindex', '--db', goodDb, '--session', 'no such session'], exit: 1, names: () => 'no such session' },
  { argv: () => ['reindex', '--db', folder], exit: 1, names: () => folder },
  { argv: () => ['replay', fixture, '--fallback', 'notaurl'], exit: 2, names: () => '--fallback' },
  { argv: () => ['replay', fixture, '--fallback', 'http://127.0.0.1:9'], exit: 2, names: () => '--fallback' },
  { argv: () => ['replay', tmp.path('nope.json')], exit: 1, names: () => tmp.path('nope.json') },
  { argv: () => ['replay', '--db', goodDb, '--session', 'no such session'], exit: 1, names: () => 'no such session' },
  { argv: () => ['replay', fixture, '--pace', 'slow'], exit: 2, names: () => '--pace' },
  { argv: () => ['replay', fixture, '--db', goodDb], exit: 2, names: () => '--db' },
  { argv: () => ['replay', fixture, '--port', port()], exit: 1, names: () => `port ${port()}` },
  { argv: () => ['rerun', '--db', goodDb, '--session', '1', '--against', 'notaurl'], exit: 2, names: () => '--against' },
  { argv: () => ['rerun', '--db', goodDb, '--session', '1', '--against', 'http://127.0.0.1:9', '--pace', 'slow'], exit: 2, names: () => '--pace' },
  // The recording redacted the token request's password.
  { argv: () => ['rerun', '--db', goodDb, '--session', '1', '--against', 'http://127.0.0.1:9'], exit: 2, names: () => '--password' },
  { argv: () => ['rerun', '--db', goodDb, '--session', 'no such session', '--against', 'http://127.0.0.1:9'], exit: 1, names: () => 'no such session' },
  { argv: () => ['sessions', '--db', notADb], exit: 1, names: () => notADb },
  { argv: () => ['sessions', '--db', missing], exit: 1, names: () => missing },
  { argv: () => ['sessions'], exit: 2, names: () => '--db' },
  { argv: () => ['simulate', '--scenario', 'tea-party'], exit: 2, names: () => 'tea-party' },
  { argv: () => ['simulate', '--port', '70000'], exit: 2, names: () => '--port' },
  { argv: () => ['simulate', '--time-scale', '0'], exit: 2, names: () => '--time-scale' },
  { argv: () => ['simulate', '--port', '-1'], exit: 2, names: () => '--port=' },
  { argv: () => ['simulate', '--public-url', 'notaurl'], exit: 2, names: () => '--public-url' },
  { argv: () => ['simulate', '--discovery', 'sideways'], exit: 2, names: () => '--discovery' },
  { argv: () => ['simulate', '--port', port()], exit: 1, names: () => '--port' },
  { argv: () => ['timeline', '--db', goodDb, '--session', '1', '--format', 'xml'], exit: 2, names: () => '--format' },
  { argv: () => ['timeline', '--db', goodDb, '--session', 'no such session'], exit: 1, names: () => 'no such session' },
  { argv: () => ['timeline', '--db', goodDb, '--session', '1', '--at-exchange', 'first'], exit: 2, names: () => '--at-exchange' },
  { argv: () => ['ui', tmp.path('nope.json')], exit: 1, names: () => tmp.path('nope.json') },
  { argv: () => ['ui', '--db', notADb], exit: 1, names: () => notADb },
  { argv: () => ['ui', fixture, '--port', 'eighty'], exit: 2, names: () => '--port' },
  { argv: () => ['ui', fixture, '--db', goodDb], exit: 2, names: () => '--db' },
  { argv: () => ['ui', fixture, '--port', port()], exit: 1, names: () => '--port' },
];

describe('bad input to every command', () => {
  it('covers every command with at least two bad inputs', () => {
    for (const command of commands) expect(CASES.filter((c) => c.argv()[0] === command.name).length, command.name).toBeGreaterThanOrEqual(2);
  });

  it.each(CASES.map((c) => [c.argv().join(' '), c] as const))('%s: one line naming it, no stack', async (_title, bad) => {
    const [command] = bad.argv();
    const run = await runMain(bad.argv());
    const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, run.stderr).toHaveLength(1);
    const [line] = lines as [string];
    expect(line.startsWith(`ucwa-inspector ${command}: `), line).toBe(true);
    expect(line).toContain(bad.names());
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code, line).toBe(bad.exit);
    // Usage errors point at the command's help on the same line; runtime ones do not.
    expect(line.endsWith(`(see \`ucwa-inspector ${command} --help\`)`), line).toBe(bad.exit === 2);
    expect(run.stdout).toBe('');
  });

  it('leaves no empty session behind when the inspector port is taken', async () => {
    const db = tmp.path('ui-port-taken.db');
    expect((await runMain(['record', '--db', db, '--ca-dir', caDir, '--ui-port', port()])).code).toBe(1);
    const store = RecordingStore.open(db);
    try {
      expect(store.listSessions()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('with UCWA_INSPECTOR_DEBUG set, follows the line with the stack', async () => {
    const run = await runMain(['ui', '--db', notADb], { UCWA_INSPECTOR_DEBUG: '1' });
    expect(run.code).toBe(1);
    const [first, ...rest] = run.stderr.split('\n');
    expect(first).toMatch(/^ucwa-inspector ui: .*notes\.db is not an SQLite database/);
    expect(rest.join('\n')).toMatch(/^StorageError: .*\n\s+at /);
  });

  it('rethrows what no user could cause, for its stack to be printed', async () => {
    const broken = { write: () => { throw new TypeError('the stream is broken'); } } as unknown as NodeJS.WritableStream;
    const stderr = new PassThrough();
    const err = collect(stderr);
    await expect(main(['sessions', '--db', goodDb], { stdout: broken, stderr, stdin: Readable.from([]) }, {})).rejects.toThrow(TypeError);
    expect(err()).toBe('');
  });
});

describe('bad input through the installed command', () => {
  const withoutDebug = (): NodeJS.ProcessEnv => {
    const env = { ...process.env };
    delete env['UCWA_INSPECTOR_DEBUG'];
    return env;
  };

  it('prints one line and no stack trace for an upstream that is not a URL', async () => {
    const run = startCli(['record', '--upstream', 'notaurl', '--db', tmp.path('child.db')], withoutDebug());
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toBe(
      'ucwa-inspector record: --upstream takes the UCWA server to record, but "notaurl" is not an absolute URL; give one with its scheme, such as https://lyncweb.contoso.com (see `ucwa-inspector record --help`)\n',
    );
  });

  it('prints one line for a port already in use, exit 1', async () => {
    const run = startCli(['simulate', '--port', port()], withoutDebug());
    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toBe(`ucwa-inspector simulate: port ${port()} on 127.0.0.1 is already in use; pick another with --port or use --port 0\n`);
  });

  it('adds the stack trace under UCWA_INSPECTOR_DEBUG=1', async () => {
    const run = startCli(['replay', fixture, '--fallback', 'notaurl'], { ...withoutDebug(), UCWA_INSPECTOR_DEBUG: '1' });
    expect(await run.exited).toBe(2);
    const [first, second, third] = run.output().stderr.split('\n');
    expect(first).toMatch(/^ucwa-inspector replay: --fallback takes .* "notaurl" is not an absolute URL/);
    expect(second).toMatch(/^UsageError: --fallback takes/);
    expect(third).toMatch(/^\s+at /);
  });
});
