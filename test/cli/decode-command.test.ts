import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FROM_SOURCE, runCli } from '../support/cli-process.ts';
import { ucwaCorpusDir } from '../support/corpus-path.ts';

const dir = mkdtempSync(join(tmpdir(), 'ucwa-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


const cli = (args: readonly string[], stdin?: string) => runCli(args, stdin === undefined ? {} : { stdin });

describe('ucwa-inspector decode', () => {
  it('prints the model of a sample file as JSON, dates with an ISO rendering', async () => {
    const run = await cli(['decode', join(ucwaCorpusDir, 'samples', 'conversation.get.response.json')]);
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
      `ucwa-inspector decode: ${file}: XML: unclosed <link> at line 2, column 3: found "<" at line 3, column 1 where an attribute, ">" or "/>" was expected (read as xml; if that is the wrong format, say which with --content-type)\n`,
    );
    const missing = await cli(['decode', join(dir, 'nope.json')]);
    expect([missing.code, missing.stderr]).toEqual([1, `ucwa-inspector decode: cannot read ${join(dir, 'nope.json')}: no such file. Check the path and try again.\n`]);
  });

  it('adds the catalogue findings with --lint: undocumented names, a missing rel with its best guesses', async () => {
    const invitation = JSON.stringify({
      rel: 'messagingInvitation',
      state: 'Connecting',
      favouriteColour: 'blue',
      _links: { self: { href: '/i/1' }, accept: { href: '/i/1/accept' }, teleport: { href: '/i/1/teleport' } },
      _embedded: { from: { name: 'Joe', uri: 'sip:joe@contoso.com', hovercraft: true, _links: { self: { href: '/c/1/p/joe' } } } },
    });
    const run = await cli(['decode', '--lint', '--content-type', 'application/json'], invitation);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { kind: string; resource: { rel: string }; lint: { kind: string; name: string; where: string }[] };
    expect(printed.resource.rel).toBe('messagingInvitation');
    expect(printed.lint.map((f) => `${f.kind} ${f.name} ${f.where}`)).toEqual([
      'undocumented-property favouriteColour ',
      'undocumented-link teleport ',
      'undocumented-property hovercraft embedded.from[0]',
    ]);
    expect(run.stderr).toBe(
      [
        'lint: messagingInvitation carries property "favouriteColour", which the reference does not document for messagingInvitation',
        'lint: messagingInvitation carries link "teleport", which the reference does not document for messagingInvitation',
        'lint: participant at embedded.from[0] carries property "hovercraft", which the reference does not document for participant',
        '',
      ].join('\n'),
    );

    const file = join(dir, 'no-rel.xml');
    writeFileSync(
      file,
      `<resource href="/c/1" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><link rel="messaging" href="/c/1/messaging"/><link rel="participants" href="/c/1/participants"/><link rel="localParticipant" href="/c/1/p/me"/><property name="threadId">abc</property><property name="participantCount">2</property></resource>`,
    );
    const guessed = await cli(['decode', file, '--lint']);
    expect(guessed.code).toBe(0);
    const [missing] = (JSON.parse(guessed.stdout) as { lint: { kind: string; candidates: { rel: string }[] }[] }).lint;
    expect(missing?.kind).toBe('missing-rel');
    expect(missing?.candidates[0]?.rel).toBe('conversation');
    expect(guessed.stderr).toMatch(/^lint: resource has no rel; it fits best: conversation \(\d\.\d\d\), /);
  });

  it('lints event batches and batch parts with --lint, and says when a body has nothing to check', async () => {
    const events = JSON.stringify({
      _links: { self: { href: '/a/events?ack=1' }, next: { href: '/a/events?ack=2' } },
      sender: [
        {
          rel: 'conversation',
          href: '/c/1',
          events: [
            { link: { rel: 'participant', href: '/c/1/p/joe' }, type: 'added' },
            { link: { rel: 'participant', href: '/c/1/p/joe' }, type: 'exploded' },
          ],
        },
      ],
    });
    const batch = await cli(['decode', '--lint', '--url', '/a/events?ack=1', '--content-type', 'application/json'], events);
    expect(batch.code).toBe(0);
    expect((JSON.parse(batch.stdout) as { lint: { kind: string; where: string }[] }).lint).toMatchObject([{ kind: 'undocumented-event', name: 'participant exploded', where: 'events[1]' }]);
    expect(batch.stderr).toBe('lint: event "participant exploded" (sender conversation) at events[1] is not in any Events table of the reference\n');

    const multipart = [
      '--b1',
      'Content-Type: application/http; msgtype=response',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json',
      '',
      JSON.stringify({ rel: 'me', name: 'Joe', shoeSize: 44, _links: { self: { href: '/me' } } }),
      '--b1--',
      '',
    ].join('\r\n');
    const parts = await cli(['decode', '--lint', '--content-type', 'multipart/batching; boundary=b1'], multipart);
    expect(parts.code).toBe(0);
    expect((JSON.parse(parts.stdout) as { lint: { where: string; name: string }[] }).lint).toMatchObject([{ kind: 'undocumented-property', name: 'shoeSize', where: 'parts[0]' }]);
    expect(parts.stderr).toBe('lint: part 0: me carries property "shoeSize", which the reference does not document for me\n');

    const error = await cli(['decode', '--lint', '--status', '409', '--content-type', 'application/json'], '{"code":"Conflict","subcode":"AlreadyExists","message":"taken"}');
    expect(error.code).toBe(0);
    expect((JSON.parse(error.stdout) as { kind: string; lint: unknown[] })).toMatchObject({ kind: 'error', lint: [] });
    expect(error.stderr).toBe('lint: nothing checked: the catalogue documents resources and events, not error bodies\n');

    const clean = await cli(['decode', join(ucwaCorpusDir, 'samples', 'conversation.get.response.xml'), '--lint']);
    expect([clean.code, clean.stderr, (JSON.parse(clean.stdout) as { lint: unknown[] }).lint]).toEqual([0, 'lint: nothing the reference does not document\n', []]);
    const withoutLint = await cli(['decode', join(ucwaCorpusDir, 'samples', 'conversation.get.response.xml')]);
    expect(JSON.parse(withoutLint.stdout)).not.toHaveProperty('lint');
  });

  it('refuses a file over the decoding limit by its size, without reading it', async () => {
    // Sparse: no disk is written. Past 2 GiB readFile itself fails, so the size message proves the file was never read.
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, 3 * 1024 ** 3);
    const run = await cli(['decode', file]);
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', `ucwa-inspector decode: ${file} is 3072.0 MB, over the 50 MB decoding limit; decode a smaller body, or cut out the part you need.\n`]);
  });

  it('stops reading stdin past the decoding limit and refuses it', async () => {
    const child = spawn(process.execPath, [...CLI_FROM_SOURCE, 'decode', '--content-type', 'application/json'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // An endless body: the command finishes only because it stops reading.
    const zeros = new Uint8Array(1024 * 1024);
    const endless = new Readable({ read() { this.push(zeros); } });
    child.stdin.on('error', () => undefined);
    endless.pipe(child.stdin);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    endless.destroy();
    expect([code, stderr]).toEqual([1, 'ucwa-inspector decode: stdin holds more than the 50 MB decoding limit (reading stopped there); decode a smaller body, or cut out the part you need.\n']);
  }, 60_000);

  it('exits 2 on bad arguments and shows help with examples', async () => {
    const unknown = await cli(['decode', '--lint-everything']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'ucwa-inspector decode: unknown option --lint-everything (see `ucwa-inspector decode --help`)\n']);
    expect((await cli(['decode', 'a.json', 'b.json'])).code).toBe(2);
    expect((await cli(['decode', '--status', 'abc'])).code).toBe(2);
    const help = await cli(['decode', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ucwa-inspector decode \[FILE\] \[options\]/);
    expect(help.stdout).toMatch(/Examples:\n {2}ucwa-inspector decode conversation.json/);
    expect(help.stdout).toMatch(/ {2}--lint {15}also compare the body with the UCWA resource catalogue/);
    expect((await cli(['--help'])).stdout).toMatch(/ {2}decode {4}decode one UCWA body/);
  });
});
