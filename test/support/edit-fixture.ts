/** Copies of a recording with deliberate changes, for drift tests: edit one exchange's response or request, or drop one. */
import { readFileSync, writeFileSync } from 'node:fs';

interface FixtureBody {
  text?: string;
}
export interface FixtureExchange {
  seq: number;
  timings: { firstByteMs: number | null; endedMs: number | null };
  request: { method: string; url: string; body: FixtureBody; bodySizeBytes: number };
  response: { status: number; statusText: string; body: FixtureBody; bodySizeBytes: number } | null;
}
export interface FixtureJson {
  exchanges: FixtureExchange[];
}

export function readFixtureJson(path: string): FixtureJson {
  return JSON.parse(readFileSync(path, 'utf8')) as FixtureJson;
}

export function writeFixtureJson(path: string, fixture: FixtureJson): string {
  writeFileSync(path, JSON.stringify(fixture));
  return path;
}

export function exchangeAt(fixture: FixtureJson, seq: number): FixtureExchange {
  const exchange = fixture.exchanges.find((e) => e.seq === seq);
  if (!exchange) throw new Error(`the fixture has no exchange with seq ${seq}`);
  return exchange;
}

/** Rewrites one response body as parsed JSON, keeping its recorded size in step. */
export function editResponseJson(fixture: FixtureJson, seq: number, edit: (body: Record<string, unknown>) => void): void {
  const response = exchangeAt(fixture, seq).response;
  if (!response?.body.text) throw new Error(`exchange ${seq} has no text response`);
  const body = JSON.parse(response.body.text) as Record<string, unknown>;
  edit(body);
  response.body.text = JSON.stringify(body);
  response.bodySizeBytes = Buffer.byteLength(response.body.text);
}

export function editRequestText(fixture: FixtureJson, seq: number, text: string): void {
  const request = exchangeAt(fixture, seq).request;
  request.body.text = text;
  request.bodySizeBytes = Buffer.byteLength(text);
}
