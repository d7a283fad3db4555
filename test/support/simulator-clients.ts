/**
 * One simulator per test and the UcwaClients the test opens on it, all closed after the test.
 * Every body the simulator sends those clients must decode and lint clean against the catalogue:
 * anything else fails the test that caused it.
 */
import { afterEach, expect } from 'vitest';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient, type RunningSimulator, type SimulatorOptions } from '../../simulator/index.ts';
import { lintingObserver } from './lint-observer.ts';

export interface SimulatorClients {
  start(options?: SimulatorOptions): Promise<RunningSimulator>;
  /** A client for `user`, not signed in yet. */
  client(user: string, format?: 'json' | 'xml'): UcwaClient;
  /** A client for `user`, signed in and (unless told otherwise) available. */
  signedIn(user: string, format?: 'json' | 'xml', options?: { available?: boolean }): Promise<UcwaClient>;
  /** The running simulator; throws before `start`. */
  readonly sim: RunningSimulator;
}

export function useSimulatorClients(): SimulatorClients {
  let running: RunningSimulator | null = null;
  const clients: UcwaClient[] = [];
  const findings: string[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    await running?.close();
    running = null;
    expect(findings.splice(0)).toEqual([]);
  });
  const sims: SimulatorClients = {
    async start(options = {}) {
      running = await startSimulator(options);
      return running;
    },
    client(user, format = 'json') {
      const client = new UcwaClient({ baseUrl: sims.sim.url, user, password: DEFAULT_PASSWORD, format, observe: lintingObserver(findings, user) });
      clients.push(client);
      return client;
    },
    async signedIn(user, format = 'json', options = {}) {
      const client = sims.client(user, format);
      await client.signIn();
      if (options.available ?? true) await client.makeMeAvailable();
      return client;
    },
    get sim() {
      if (!running) throw new Error('start the simulator first');
      return running;
    },
  };
  return sims;
}
