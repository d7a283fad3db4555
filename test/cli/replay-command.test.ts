import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.ts';

const fixture = fileURLToPath(new URL('../../recordings/outgoing-chat-json.json', import.meta.url));

describe('ucwa-inspector replay', () => {
  it('serves a fixture, and with --strict exits 1 after a miss, printing the report', async () => {
    const run = startCli(['replay', fixture, '--strict', '--pace', 'instant']);
    const [, url] = await run.line(/^replay: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
    expect((await fetch(url as string)).status).toBe(200);
    expect((await fetch(new URL('/not/recorded', url))).status).toBe(404);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
    expect(run.output().stdout).toMatch(/replay report: 1 matched, 1 missed, \d+ recorded exchanges unused\n {2}missed GET \/not\/recorded: ucwa-inspector replay: no recorded answer for GET \/not\/recorded/);
  });

  it('refuses a missing fixture and contradictory arguments', async () => {
    const missing = startCli(['replay', 'nope.json']);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toMatch(/nope\.json does not exist/);
    const both = startCli(['replay', fixture, '--db', 'x.db']);
    expect(await both.exited).toBe(2);
  });
});
