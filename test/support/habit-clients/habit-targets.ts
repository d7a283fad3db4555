/**
 * Runs one habit client against each place a user points a client at: the simulator, the
 * recording proxy in reverse mode (`--upstream`) and in forward mode (as the client's HTTP
 * proxy), and a replay of each recording. All in-process, on 127.0.0.1 port 0.
 */
import { startRecordingProxy } from '../../../proxy/index.ts';
import { startReplay, type ReplayReport } from '../../../replay/index.ts';
import { startSimulator, type SimulatorOptions } from '../../../simulator/index.ts';
import type { RecordingStore } from '../../../storage/recording-store.ts';
import { HabitClient, type Habits } from './habit-client.ts';
import { HabitTransport, type SentRequest } from './habit-transport.ts';

export type Drive<T> = (client: HabitClient, start: string) => Promise<T>;

export interface TargetRun<T> {
  readonly result: T;
  /** Every request the client sent, with where it went. */
  readonly sent: readonly SentRequest[];
}

export interface RecordedRun<T> extends TargetRun<T> {
  readonly sessionId: number;
  /** Where the client reached the proxy (reverse) or the server (forward). */
  readonly start: string;
  readonly simulatorOrigin: string;
}

export interface ReplayedRun<T> extends TargetRun<T> {
  readonly report: ReplayReport;
}

const SIM_DEFAULTS: SimulatorOptions = { timeScale: 0.05, seed: 14 };

async function withClient<T>(habits: Habits, forwardProxy: string | undefined, start: string, drive: Drive<T>): Promise<TargetRun<T>> {
  const transport = new HabitTransport(forwardProxy);
  try {
    const result = await drive(new HabitClient(habits, transport), start);
    return { result, sent: transport.sent };
  } finally {
    transport.close();
  }
}

export async function onSimulator<T>(habits: Habits, drive: Drive<T>, simulator: SimulatorOptions = {}): Promise<TargetRun<T>> {
  const sim = await startSimulator({ ...SIM_DEFAULTS, ...simulator });
  try {
    return await withClient(habits, undefined, sim.url, drive);
  } finally {
    await sim.close();
  }
}

/** `mode: 'reverse'`: the client starts at the proxy; `'forward'`: at the server, with the proxy as its HTTP proxy. */
export async function throughRecord<T>(mode: 'reverse' | 'forward', store: RecordingStore, caDir: string, habits: Habits, drive: Drive<T>, simulator: SimulatorOptions = {}): Promise<RecordedRun<T>> {
  const sim = await startSimulator({ ...SIM_DEFAULTS, ...simulator });
  const proxy = await startRecordingProxy({ store, caDir, redact: false, writerThread: false, session: { name: `habits ${mode}` }, ...(mode === 'reverse' ? { upstream: sim.url } : {}) });
  const start = mode === 'reverse' ? `${proxy.url}/` : sim.url;
  try {
    const run = await withClient(habits, mode === 'forward' ? proxy.url : undefined, start, drive);
    return { ...run, sessionId: proxy.sessionId, start, simulatorOrigin: sim.origin };
  } finally {
    await proxy.close();
    await sim.close();
  }
}

export async function againstReplay<T>(store: RecordingStore, sessionId: number, habits: Habits, drive: Drive<T>): Promise<ReplayedRun<T>> {
  const replay = await startReplay({ store, sessionId, pace: 'instant', pollTimeoutMs: 300 });
  try {
    const run = await withClient(habits, undefined, replay.url, drive);
    return { ...run, report: replay.report() };
  } finally {
    await replay.close();
  }
}

/** A port nothing listens on just now, for a simulator whose public URL must name its own port before it starts. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
