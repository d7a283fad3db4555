// A recording shaped like captured Skype for Business traffic (test/e2e/fixtures/real-server-chat.json, every person
// invented), imported with the CLI and read back as a user would: the timeline in text and JSON, and the inspector API.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/real-server-chat.json', import.meta.url));
const tmp = makeTempDir('ucwa-real-server-');
const db = tmp.path('real.db');
let text = '';
let lines: string[] = [];

interface TimelineJson {
  conversations: {
    subject: string | null;
    participants: { label: string; local: boolean; uri: string | null }[];
    messages: { direction: string; text: string | null; status: string | null; fromName: string | null; timeStampMs: number | null; invitation: string | null; sentBy: { exchangeId: number } | null }[];
    invitations: { from: string | null; fromName: string | null; to: string | null; subject: string | null; message: string | null }[];
  }[];
}
let json: TimelineJson;

beforeAll(async () => {
  const imported = await runCli(['import', FIXTURE, '--db', db]);
  expect(imported.stderr).toBe('');
  const run = await runCli(['timeline', '--db', db, '--session', '1']);
  expect(run.code).toBe(0);
  text = run.stdout;
  lines = text.trimEnd().split('\n');
  json = JSON.parse((await runCli(['timeline', '--db', db, '--session', '1', '--format', 'json'])).stdout) as TimelineJson;
});
afterAll(() => tmp.cleanup());

const lineOf = (pattern: RegExp): string => lines.find((l) => pattern.test(l)) ?? `(no line matches ${pattern})`;

describe('the timeline of real-server traffic', () => {
  it("shows the invitation's data: message as the conversation's first message, from the inviter", () => {
    expect(lineOf(/message in {2}"Hello there"/)).toMatch(/message in {2}"Hello there" {2}from Ada Example\s+\(event, exchange 5, event 0\)$/);
    const [first] = json.conversations[0]?.messages ?? [];
    expect(first).toMatchObject({ direction: 'Incoming', text: 'Hello there', fromName: 'Ada Example', invitation: expect.stringMatching(/messagingInvitations\/11$/) });
  });

  it('names who invited and the subject on the conversation', () => {
    expect(lineOf(/incoming invitation/)).toMatch(/incoming invitation from Ada Example \(sip:ada@contoso\.example\): "Lunch plans"\s+\(event, exchange 5, event 0\)$/);
    expect(json.conversations[0]?.subject).toBe('Lunch plans');
    expect(json.conversations[0]?.invitations[0]).toMatchObject({ from: 'sip:ada@contoso.example', fromName: 'Ada Example', to: 'grace@contoso.example', subject: 'Lunch plans', message: 'Hello there' });
  });

  it('shows a message whose text was never captured as unknown, with its status', () => {
    expect(lineOf(/text not captured/)).toMatch(/message out \(text not captured\) · Succeeded\s+\(event, exchange 8, event 2\)$/);
    expect(text).not.toContain('""');
    expect(json.conversations[0]?.messages[2]).toMatchObject({ direction: 'Outgoing', text: null, status: 'Succeeded' });
  });

  it("shows the server's timeStamp beside the moment the answer holding the message began to arrive", () => {
    expect(lineOf(/See you at noon/)).toMatch(/^09:00:07\.895 .*message in {2}"See you at noon" {2}from Ada Example · server time 09:00:07\.250\s+\(event, exchange 8, event 3\)$/);
    expect(json.conversations[0]?.messages[3]?.timeStampMs).toBe(Date.UTC(2024, 4, 2, 9, 0, 7, 250));
  });

  it('calls the local participant "you" and labels others by name, else by the user part of their SIP URI', () => {
    expect(lines.filter((l) => /\b(joined|left)\s+\(/.test(l)).map((l) => l.slice(26).replace(/\s+\(.*$/, ''))).toEqual([
      'you joined',
      'Ada Example joined',
      'bob.sample joined',
      'bob.sample left',
      'Ada Example left',
      'you left',
    ]);
    expect(json.conversations[0]?.participants.map((p) => p.label).sort()).toEqual(['Ada Example', 'bob.sample', 'you']);
  });

  it('counts text POSTed to a messages URL the client built itself as the sent text', () => {
    expect(lineOf(/message out "/)).toMatch(/message out "Hi Ada, on my way" · server time 09:00:06\.500\s+\(event, exchange 8, event 1\)$/);
    expect(json.conversations[0]?.messages[1]).toMatchObject({ text: 'Hi Ada, on my way', sentBy: { exchangeId: 7 } });
  });
});

describe('the inspector API on real-server traffic', () => {
  let store: RecordingStore;
  let app: ReturnType<typeof createInspectorApp>;
  beforeAll(() => {
    store = RecordingStore.open(db);
    app = createInspectorApp({ store });
  });
  afterAll(() => store.close());
  const detail = async (id: number) => (await (await app.request(`/api/exchanges/${id}`)).json()) as ExchangeDetailDto;

  it("shows the 401's challenges and X-Ms-diagnostics", async () => {
    const unauthorized = await detail(1);
    expect(unauthorized.responseHead?.challenges.map((c) => c.summary)).toEqual([
      'MsRtcOAuth: token at https://lyncweb.contoso.example/WebTicket/oauthtoken; grant types urn:microsoft.rtc:windows, urn:microsoft.rtc:anonmeeting, password',
      'Bearer: trusted_issuers=00000001-0000-0000-c000-000000000000@*, client_id=00000004-0000-0ff1-ce00-000000000000',
    ]);
    expect(unauthorized.responseHead?.diagnostics).toEqual([
      { code: 28072, source: 'lyncweb.contoso.example', reason: 'The web ticket is invalid.', summary: '28072 The web ticket is invalid. (source lyncweb.contoso.example)' },
    ]);
    expect(store.getExchange(1)?.derived?.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^authentication challenge MsRtcOAuth: token at https:\/\/lyncweb/),
      expect.stringMatching(/^authentication challenge Bearer: /),
      'X-Ms-diagnostics 28072 The web ticket is invalid. (source lyncweb.contoso.example)',
    ]);
  });

  it("decodes the token request despite its single-quoted charset, and the IIS 404 page as an error page", async () => {
    expect((await detail(2)).request.decoded).toMatchObject({ kind: 'form', fields: [['grant_type', 'password'], ['username', 'grace@contoso.example'], ['password', 'REDACTED-1']] });
    const notFound = await detail(4);
    expect(notFound.response?.errorPage).toEqual({ title: '404 - File or directory not found.', server: 'IIS' });
    expect(notFound.response?.decoded).toEqual({ kind: 'error-page', title: '404 - File or directory not found.', server: 'IIS' });
  });

  it("lists the application's expires as information sent by Skype for Business Online", async () => {
    expect((await detail(3)).response?.lint).toEqual([expect.objectContaining({ kind: 'undocumented-property', severity: 'info', name: 'expires', knownFrom: 'Skype for Business Online' })]);
  });
});
