import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli-process.ts';

describe('ucwa-inspector simulate', () => {
  it('prints its URL, serves UCWA there and stops cleanly on SIGTERM', async () => {
    const run = startCli(['simulate', '--port', '0', '--scenario', 'incoming-chat']);
    const [, url] = await run.line(/^simulator: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
    const root = await fetch(url as string);
    expect(root.status).toBe(200);
    expect(((await root.json()) as { rel: string }).rel).toBe('root');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toMatch(/scenario: incoming-chat/);
  });

  it('prints the certificate to trust with --tls', async () => {
    const run = startCli(['simulate', '--tls']);
    await run.line(/^simulator: https:\/\/127\.0\.0\.1:\d+\/$/m);
    await run.line(/^certificate: .*certificate\.pem/m);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('names users and scenarios in --help, and refuses an unknown scenario', async () => {
    const help = startCli(['simulate', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.output().stdout).toMatch(/echo@contoso\.com\s+Echo Bot: accepts any invitation/);
    expect(help.output().stdout).toMatch(/missed-invitation/);
    expect(help.output().stdout).toMatch(/--public-url URL[\s\S]*--discovery MODE/);
    const bad = startCli(['simulate', '--scenario', 'party']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toMatch(/unknown scenario "party"; choose one of outgoing-chat, incoming-chat/);
  });
});
