import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, findScenario, runScenario, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { startForwardingProxy, type ForwardingProxy } from '../support/forwarding-proxy.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function simulator(tls: boolean): Promise<RunningSimulator> {
  const sim = await startSimulator({ scenario: 'outgoing-chat', timeScale: 0.05, tls });
  cleanup.push(() => sim.close());
  return sim;
}

async function proxy(): Promise<ForwardingProxy> {
  const p = await startForwardingProxy();
  cleanup.push(() => p.close());
  return p;
}

const scenario = findScenario('outgoing-chat');
if (!scenario) throw new Error('outgoing-chat is a built-in scenario');

describe('the client over TLS and through a proxy', () => {
  it('holds the conversation over HTTPS with the simulator\'s certificate trusted, and refuses it untrusted', async () => {
    const sim = await simulator(true);
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const untrusted = new UcwaClient({ baseUrl: sim.url, user: scenario.user, password: DEFAULT_PASSWORD });
    await expect(untrusted.signIn()).rejects.toThrow(/self[- ]signed|certificate/i);
    await untrusted.close({ signOut: false });
    const client = new UcwaClient({ baseUrl: sim.url, user: scenario.user, password: DEFAULT_PASSWORD, ca: sim.certificatePem ?? '' });
    cleanup.push(() => client.close());
    expect((await runScenario(client, scenario)).conversations).toEqual(scenario.expect.conversations);
  });

  it('goes through an HTTP proxy: absolute-form requests for http, a CONNECT tunnel for https', async () => {
    const plain = await simulator(false);
    const forward = await proxy();
    const client = new UcwaClient({ baseUrl: plain.url, user: scenario.user, password: DEFAULT_PASSWORD, format: 'xml', proxy: forward.url });
    cleanup.push(() => client.close());
    expect((await runScenario(client, scenario)).conversations).toEqual(scenario.expect.conversations);
    expect(forward.forwarded[0]).toBe(`GET ${plain.url}`);
    expect(forward.forwarded.some((line) => line.includes('/events?ack='))).toBe(true);

    const secure = await simulator(true);
    const tunnel = await proxy();
    const viaTunnel = new UcwaClient({ baseUrl: secure.url, user: scenario.user, password: DEFAULT_PASSWORD, proxy: tunnel.url, ca: secure.certificatePem ?? '' });
    cleanup.push(() => viaTunnel.close());
    expect((await runScenario(viaTunnel, scenario)).conversations).toEqual(scenario.expect.conversations);
    expect(tunnel.tunnels[0]).toBe(new URL(secure.url).host);
    expect(tunnel.forwarded).toEqual([]);
  });
});
