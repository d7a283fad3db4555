import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.ts';
import { sharedUcwaDir } from '../support/shared-path.ts';

const dir = mkdtempSync(join(tmpdir(), 'ucwa-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const cli = (args: readonly string[], stdin?: string) => runCli(args, stdin === undefined ? {} : { stdin });

describe('ucwa-inspector decode', () => {
  it('prints the model of a sample file as JSON, dates with an ISO rendering', async () => {
    const run = await cli(['decode', join(sharedUcwaDir(), 'samples', 'conversation.get.response.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const printed = JSON.parse(run.stdout) as { kind: string; resource: { rel: string; properties: Record<string, unknown> } };
    expect(printed.kind).toBe('resource');
    expect(printed.resource.rel).toBe('conversation');
    expect(printed.resource.properties['created']).toMatchObject({ kind: 'date', text: expect.stringMatching(/^\/Date\(\d+\)\/$/), iso: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('reads stdin with a given Content-Type and prints warnings on stderr', async () => {
    const body = '{"rel":"message","_links":{"self":{"href":"/m"},"plainMessage":{"href":"data:text/plain,100%"}}}';
    const run = await cli(['decode', '--content-type', 'application/vnd.microsoft.com.ucwa+json'], body);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { resource: { links: Record<string, unknown> } }).resource.links['plainMessage']).toEqual([{ rel: 'plainMessage', href: 'data:text/plain,100%' }]);
    expect(run.stderr).toBe('warning: link plainMessage of message: data: URI has a bad percent escape "%"\n');
  });

  it('decodes a request body and an event batch named by its URL', async () => {
    const input = await cli(['decode', '--request', '--content-type=text/plain'], "What's up?");
    expect(JSON.parse(input.stdout)).toEqual({ kind: 'message-text', mediaType: 'text/plain', text: "What's up?" });
    const batch = await cli(['decode', '-', '--url', '/a/events?ack=3', '--status', '200', '--content-type', 'application/json'], '{"_links":{"next":{"href":"/a/events?ack=4"}}}');
    expect((JSON.parse(batch.stdout) as { batch: { next: unknown } }).batch.next).toEqual({ href: '/a/events?ack=4', ack: 4 });
  });

  it('exits 1 with the problem on stderr for a body it cannot decode', async () => {
    const file = join(dir, 'broken.xml');
    writeFileSync(file, '<resource xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">\n  <link rel="x" href="/x"\n</resource>');
    const run = await cli(['decode', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `ucwa-inspector decode: ${file}: XML: unclosed <link> at line 2, column 3: found "<" at line 3, column 1 where an attribute, ">" or "/>" was expected\n(read as xml; if that is the wrong format, say which with --content-type)\n`,
    );
    const missing = await cli(['decode', join(dir, 'nope.json')]);
    expect([missing.code, missing.stderr]).toEqual([1, `ucwa-inspector decode: cannot read ${join(dir, 'nope.json')}: no such file. Check the path and try again.\n`]);
  });

  it('adds the catalogue findings with --lint: undocumented members, and the likely rel of a body without one', async () => {
    const body = JSON.stringify({
      rel: 'conversation',
      state: 'Connected',
      shoeSize: 44,
      _links: { self: { href: '/c/1' }, messaging: { href: '/c/1/messaging' }, teleport: { href: '/c/1/teleport' } },
    });
    const run = await cli(['decode', '--lint', '--content-type', 'application/json'], body);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { kind: string; lint: { kind: string; name: string; where: string }[] };
    expect(printed.kind).toBe('resource');
    expect(printed.lint.map((f) => `${f.kind} ${f.name}`)).toEqual(['undocumented-property shoeSize', 'undocumented-link teleport']);

    const withoutRel = await cli(['decode', '--lint', '--content-type', 'application/json'], JSON.stringify({ state: 'Connected', negotiatedMessageFormats: ['Plain'], _links: { self: { href: '/c/1/messaging' }, sendMessage: { href: '/s' }, setIsTyping: { href: '/t' } } }));
    const missing = (JSON.parse(withoutRel.stdout) as { lint: { kind: string; candidates?: { rel: string }[] }[] }).lint;
    expect(missing[0]?.kind).toBe('missing-rel');
    expect(missing[0]?.candidates?.[0]?.rel).toBe('messaging');

    const plain = await cli(['decode', '--content-type', 'application/json'], body);
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('lint');
  });

  it('exits 2 on bad arguments and shows help with examples', async () => {
    const unknown = await cli(['decode', '--lint-everything']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'ucwa-inspector decode: unknown option --lint-everything\nRun `ucwa-inspector decode --help` for usage.\n']);
    expect((await cli(['decode', 'a.json', 'b.json'])).code).toBe(2);
    expect((await cli(['decode', '--status', 'abc'])).code).toBe(2);
    const help = await cli(['decode', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ucwa-inspector decode \[FILE\] \[options\]/);
    expect(help.stdout).toMatch(/Examples:\n {2}ucwa-inspector decode conversation.json/);
    expect((await cli(['--help'])).stdout).toMatch(/ {2}decode {4}decode one UCWA body/);
  });
});
