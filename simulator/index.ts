/**
 * The UCWA simulator: `startSimulator()` serves a stateful UCWA server on 127.0.0.1 for clients
 * to develop and test against; `openSimulator()` is the same server as a function, with no port;
 * `UcwaClient` and `runScenario` drive it (or any UCWA server).
 */
import type { Server } from 'node:http';
import { choiceOption, httpUrlOption, OptionError, portOption, positiveNumberOption } from '../protocol/option-error.ts';
import { findScenario, SCENARIOS } from './scenarios/scenarios.ts';
import type { DiscoveryMode } from './http/discovery-routes.ts';
import { incomingOf, type SimulatorAnswer, type SimulatorRequest } from './http/sim-answer.ts';
import { SimRouting } from './sim-routing.ts';
import { createSimulatorServer } from './sim-server.ts';
import { SimState } from './sim-state.ts';
import { selfSignedCertificate } from './tls-certificate.ts';
import { BUILT_IN_USERS, type SimUser } from './users.ts';

export { SCENARIOS, findScenario } from './scenarios/scenarios.ts';
export type { Scenario, LocalStep, RemoteStep, ExpectedConversation } from './scenarios/scenario.ts';
export type { DiscoveryMode } from './http/discovery-routes.ts';
export type { SimulatorAnswer, SimulatorRequest, SimulatorResponse } from './http/sim-answer.ts';
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

/** What `openSimulator` takes: everything but where to listen. */
export type OpenSimulatorOptions = Omit<SimulatorOptions, 'port' | 'host' | 'tls'>;

/** A simulator with no port: call `answer` with the requests your client would send. */
export interface OpenSimulator {
  /** The answer to one request, or an event poll held until its events come (`until`). */
  answer(request: SimulatorRequest): Promise<SimulatorAnswer>;
  /** The origin the absolute links name: `publicUrl`, else `http://simulator.invalid`. */
  readonly publicOrigin: string;
  /** Ends every application (a held poll is answered 410) and the scripted parties' timers. */
  close(): Promise<void>;
}

/** Where the absolute links of a simulator with no port point without `publicUrl`: a name that never resolves. */
export const NO_PORT_ORIGIN = 'http://simulator.invalid';

/** The options checked (OptionError naming the first one wrong), the state they set up, and the routing over it. */
function openWith(options: OpenSimulatorOptions, listeningOrigin: () => string): { state: SimState; routing: SimRouting; publicOrigin: string | null } {
  const scenario = options.scenario === undefined ? null : findScenario(options.scenario);
  if (scenario === undefined) throw new OptionError('scenario', options.scenario, `is not a built-in scenario; choose one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  if (options.timeScale !== undefined) positiveNumberOption('timeScale', options.timeScale);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new OptionError('seed', options.seed, 'is not a whole number; give one such as 1');
  const publicOrigin = options.publicUrl === undefined ? null : publicOriginOf(options.publicUrl);
  const discovery = choiceOption<DiscoveryMode>('discovery', options.discovery ?? 'direct', ['direct', 'redirect']);
  const users = options.users ?? BUILT_IN_USERS;
  const state = new SimState({ users, scenario, seed: options.seed ?? 1, timeScale: options.timeScale ?? 1, idleExpiryMs: options.idleExpiryMs ?? 15 * 60_000 });
  const report = options.onError ?? ((error: unknown) => process.stderr.write(`ucwa-inspector simulate: ${(error as Error).stack ?? String(error)}\n`));
  const domain = users[0]?.sip.split('@')[1] ?? 'contoso.com';
  const routing = new SimRouting(state, { publicOrigin: () => publicOrigin ?? listeningOrigin(), mode: discovery, domain }, report);
  return { state, routing, publicOrigin };
}

/**
 * The simulator without a server: `answer` holds everything it does (discovery, sign-in, the
 * applications and their routes, event polls, batches, scripted parties), so a test can call it
 * with no port. `startSimulator` is this function behind a node:http server.
 */
export async function openSimulator(options: OpenSimulatorOptions = {}): Promise<OpenSimulator> {
  const { state, routing, publicOrigin } = openWith(options, () => NO_PORT_ORIGIN);
  let closed = false;
  return {
    answer: async (request) => routing.answer(incomingOf(request)),
    publicOrigin: publicOrigin ?? NO_PORT_ORIGIN,
    close: async () => {
      if (!closed) state.close();
      closed = true;
    },
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  if (options.port !== undefined) portOption('port', options.port);
  let listening = 'http://127.0.0.1';
  const { state, routing, publicOrigin } = openWith(options, () => listening);
  const tls = options.tls ? selfSignedCertificate() : null;
  const { server, origin } = createSimulatorServer(routing, tls);
  try {
    await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    state.close();
    throw error;
  }
  listening = origin();
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
