/** The conversation of ucwa-traffic.ts recorded into a SQLite file and exported as a fixture: a recording to replay. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RecordedExchange } from '../../protocol/exchange.ts';
import { exportFixture } from '../../storage/fixture/fixture-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import type { TempDir } from './temp-dir.ts';
import { HOST, makeConversationTraffic } from './ucwa-traffic.ts';

export interface RecordedConversation {
  /** The SQLite file; its session is named as asked. */
  readonly db: string;
  readonly fixture: string;
}

export async function recordConversation(tmp: TempDir, name: string, keep: (exchange: RecordedExchange) => boolean = () => true): Promise<RecordedConversation> {
  const db = tmp.path(`${name}.db`);
  const store = RecordingStore.open(db, { create: true });
  const recorder = await store.startSession({ name, mode: 'forward', upstream: HOST }, { thread: false });
  for (const exchange of makeConversationTraffic()) if (keep(exchange)) recorder.record(exchange);
  await recorder.end();
  const fixture = tmp.path(`${name}.json`);
  writeFileSync(fixture, exportFixture(store, recorder.sessionId));
  store.close();
  return { db, fixture };
}

export interface FixtureRequest {
  readonly method: string;
  /** Path and query, as a client of the replay asks for it. */
  readonly pathAndQuery: string;
  readonly contentType: string | undefined;
  /** The body as text; empty for a GET. */
  readonly body: string;
}

/** The client's requests of a fixture other than event polls, in recorded order: what the recorded client did. */
export function commandsOf(fixture: string): FixtureRequest[] {
  const document = JSON.parse(readFileSync(fixture, 'utf8')) as { exchanges: { request: { method: string; url: string; headers: [string, string][]; body: { text?: string } } }[] };
  return document.exchanges
    .filter(({ request }) => !request.url.includes('/events?'))
    .map(({ request }) => {
      const url = new URL(request.url);
      return { method: request.method, pathAndQuery: `${url.pathname}${url.search}`, contentType: request.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1], body: request.method === 'GET' ? '' : (request.body.text ?? '') };
    });
}
