/**
 * The UCWA simulator: `startSimulator()` serves a stateful UCWA server on 127.0.0.1 for clients
 * to develop and test against; `UcwaClient` and `runScenario` drive it (or any UCWA server).
 */
import type { Server } from 'node:http';
import { choiceOption, httpUrlOption, OptionError, portOption, positiveNumberOption } from '../protocol/option-error.ts';
import { findScenario, SCENARIOS } from './scenarios/scenarios.ts';
import type { DiscoveryMode } from './http/discovery-routes.ts';
import { createSimulatorServer } from './sim-server.ts';
import { SimState } from './sim-state.ts';
import { selfSignedCertificate } from './tls-certificate.ts';
import { BUILT_IN_USERS, type SimUser } from './users.ts';

export { SCENARIOS, findScenario } from './scenarios/scenarios.ts';
export type { Scenario, LocalStep, RemoteStep, ExpectedConversation } from './scenarios/scenario.ts';
export type { DiscoveryMode } from './http/discovery-routes.ts';
export { BUILT_IN_USERS, DEFAULT_PASSWORD, type SimUser } from './users.ts';
/** What startSimulator throws for an option it cannot use (names the option and the value). */
export { OptionError } from '../protocol/option-error.ts';

export interface SimulatorOptions {
  /** Default 0: a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Serve HTTPS with a self-signed certificate (`certificatePem` on the result). */
  readonly tls?: boolean;
  /** A built-in scenario's name; without one, only echo and the quiet built-in users answer. */
  readonly scenario?: string;
  /** Seeds ids and tokens: the same seed gives the same hrefs. Default 1. */
  readonly seed?: number;
  /** Multiplies every scripted delay and timeout (0.05 runs a 180 s poll timeout in 9 s). Default 1. */
  readonly timeScale?: number;
  /** Simulated milliseconds an application may sit idle (no requests, no pending poll) before it expires. Default 15 minutes. */
  readonly idleExpiryMs?: number;
  readonly users?: readonly SimUser[];
  /**
   * The origin the absolute links (discovery, the token endpoint, applications) name, as a
   * deployment's public name would be, e.g. `https://lyncweb.contoso.com`. Default: the
   * simulator's own listening URL. Never taken from a request's Host header.
   */
  readonly publicUrl?: string;
  /** `redirect`: the first discovery GET answers only a `redirect` link to a second root, as SfB Online does. Default `direct`. */
  readonly discovery?: DiscoveryMode;
  /** Told about unexpected failures (answered with 500); default: stderr. */
  readonly onError?: (error: unknown) => void;
}

export interface RunningSimulator {
  /** The root URL a client starts from, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly origin: string;
  /** The origin the server's absolute links name (`publicUrl`, else `origin`). */
  readonly publicOrigin: string;
  /** The self-signed certificate with `tls`, for clients to trust. */
  readonly certificatePem: string | null;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const scenario = options.scenario === undefined ? null : findScenario(options.scenario);
  if (scenario === undefined) throw new OptionError('scenario', options.scenario, `is not a built-in scenario; choose one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  if (options.port !== undefined) portOption('port', options.port);
  if (options.timeScale !== undefined) positiveNumberOption('timeScale', options.timeScale);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new OptionError('seed', options.seed, 'is not a whole number; give one such as 1');
  const publicOrigin = options.publicUrl === undefined ? null : publicOriginOf(options.publicUrl);
  const discovery = choiceOption<DiscoveryMode>('discovery', options.discovery ?? 'direct', ['direct', 'redirect']);
  const users = options.users ?? BUILT_IN_USERS;
  const state = new SimState({ users, scenario, seed: options.seed ?? 1, timeScale: options.timeScale ?? 1, idleExpiryMs: options.idleExpiryMs ?? 15 * 60_000 });
  const tls = options.tls ? selfSignedCertificate() : null;
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`ucwa-inspector simulate: ${(error as Error).stack ?? String(error)}\n`));
  const domain = users[0]?.sip.split('@')[1] ?? 'contoso.com';
  const { server, origin } = createSimulatorServer(state, tls, { publicOrigin, discovery, domain }, report);
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url: `${origin()}/`,
    origin: origin(),
    publicOrigin: publicOrigin ?? origin(),
    certificatePem: tls?.cert ?? null,
    close: async () => {
      state.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `https://lyncweb.contoso.com` or with a trailing `/`; a path, query or other scheme is a mistake worth naming. */
function publicOriginOf(publicUrl: string): string {
  const url = httpUrlOption('publicUrl', publicUrl);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new OptionError('publicUrl', publicUrl, 'has a path, query or fragment; give an origin only, such as https://lyncweb.contoso.com');
  return url.origin;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
export { UcwaClient, UcwaClientError, runScenario, summarize, type RunOptions, type ScenarioOutcome, type UcwaClientOptions } from './client/index.ts';
export { holdCall, markLogRead, readConversationLog, readConversationLogs, readMissedItems, resumeCall, type SeenLog, type SeenTranscript } from './client/index.ts';
