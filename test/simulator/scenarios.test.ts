import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import { lintDecodedBody } from '../../protocol/catalog/lint.ts';
import { DEFAULT_PASSWORD, runScenario, SCENARIOS, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';

const TIME_SCALE = 0.05;
let running: { sim: RunningSimulator; client: UcwaClient } | null = null;
afterEach(async () => {
  await running?.client.close();
  await running?.sim.close();
  running = null;
});

interface Captured {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

async function play(name: string, format: 'json' | 'xml') {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const sim = await startSimulator({ scenario: name, timeScale: TIME_SCALE, seed: 7 });
  const captured: Captured[] = [];
  const client = new UcwaClient({
    baseUrl: sim.url,
    user: scenario.user,
    password: DEFAULT_PASSWORD,
    format,
    observe: ({ method, url, response }) => captured.push({ method, path: `${url.pathname}${url.search}`, status: response.status, contentType: response.headers['content-type'], body: response.body }),
  });
  running = { sim, client };
  const outcome = await runScenario(client, scenario, { stepTimeoutMs: 15_000, peer: { baseUrl: sim.url, format } });
  return { scenario, outcome, client, captured };
}

describe.each(['json', 'xml'] as const)('every scenario with the simulator\'s client, in %s', (format) => {
  it.each(SCENARIOS.map((s) => s.name))('%s: the client sees the conversation the scenario describes', async (name) => {
    const { scenario, outcome } = await play(name, format);
    expect(outcome.conversations).toEqual(scenario.expect.conversations);
    expect(outcome.missedConversations).toBe(scenario.expect.missedConversations);
    for (const conv of outcome.seen) {
      expect(conv.states[0]).toBe(conv.direction === 'Incoming' ? 'Incoming' : 'Connecting');
      expect(conv.states).toContain('Connected');
      // A chat connects messaging, a call audioVideo.
      expect([...conv.messagingStates, ...conv.audioVideoStates]).toContain('Connected');
      expect(conv.ended).toBe(true);
      expect(conv.messages.filter((m) => m.direction === 'Outgoing').every((m) => m.status === 'Succeeded' && m.href !== null)).toBe(true);
    }
  });
});

describe('the event order', () => {
  it('follows SendAnIM.md for an outgoing chat', async () => {
    const { client } = await play('outgoing-chat', 'json');
    const log = client.seen.events.map((e) => `${e.rel} ${e.type}${e.in ? ` in ${e.in}` : ''}`);
    // Events group by sender, and how steps share batches depends on timing: each sender's own order is what holds.
    const start = log.indexOf('messagingInvitation started');
    const fromCommunication = ['messagingInvitation started', 'conversation added', 'conversation updated', 'messagingInvitation completed'];
    expect(log.slice(start).filter((e) => fromCommunication.includes(e)).slice(0, 4)).toEqual(fromCommunication);
    const fromConversation = ['localParticipant added', 'messaging updated', 'participant added', 'participantMessaging added in participant', 'participantMessaging added in localParticipant', 'messaging updated'];
    expect(log.slice(start).filter((e) => fromConversation.includes(e)).slice(0, 6)).toEqual(fromConversation);
    expect(log.indexOf('conversation added')).toBeLessThan(log.indexOf('localParticipant added'));
    // echo types, then answers: typing starts, stops, the message arrives.
    const reply = log.indexOf('participant added in typingParticipants');
    expect(log.slice(reply, reply + 3)).toEqual(['participant added in typingParticipants', 'participant deleted in typingParticipants', 'message completed']);
    // Leaving ends the conversation; its log then changes missedItems' conversationLogsCount.
    expect(log.slice(-2)).toEqual(['conversation deleted', 'missedItems updated']);
  });

  it('follows ReceiveAnIM.md for an incoming chat: invitation, accept, then the first message', async () => {
    const { client } = await play('incoming-chat', 'xml');
    const log = client.seen.events.map((e) => `${e.rel} ${e.type}${e.in ? ` in ${e.in}` : ''}`);
    const start = log.indexOf('messagingInvitation started');
    expect(log.slice(start, start + 4)).toEqual(['messagingInvitation started', 'conversation added', 'localParticipant added', 'participant added']);
    // Accepting connects the chat: the conversation's sender entry first (messaging and its links), then communication's.
    // The first message may share that batch (then it sits in the conversation's entry) or come in the next.
    const connected = log.lastIndexOf('messaging updated', log.indexOf('messagingInvitation updated'));
    expect(log.slice(connected).filter((e) => e !== 'message completed').slice(0, 6)).toEqual([
      'messaging updated',
      'participantMessaging added in localParticipant',
      'participantMessaging added in participant',
      'conversation updated',
      'messagingInvitation updated',
      'messagingInvitation completed',
    ]);
    expect(log.slice(connected)).toContain('message completed');
  });
});

describe('what the simulator sends', () => {
  it('decodes with protocol/ and lints clean against the catalogue, in every scenario and both formats', async () => {
    const findings: string[] = [];
    let bodies = 0;
    for (const format of ['json', 'xml'] as const) {
      for (const scenario of SCENARIOS) {
        const { captured } = await play(scenario.name, format);
        for (const c of captured) {
          if (c.body.byteLength === 0) continue;
          bodies++;
          const result = decodeBody(c.body, { direction: 'response', status: c.status, url: `http://sim${c.path}`, ...(c.contentType ? { contentType: c.contentType } : {}) });
          if (!result.ok) {
            findings.push(`${format} ${c.method} ${c.path}: ${result.problem}`);
            continue;
          }
          expect(result.warnings).toEqual([]);
          const body = result.body;
          const lint = lintDecodedBody(body) ?? [];
          for (const f of lint) findings.push(`${format} ${scenario.name} ${c.method} ${c.path}: ${f.kind} ${f.name} at ${f.where}`);
        }
        await running?.client.close();
        await running?.sim.close();
        running = null;
      }
    }
    expect(findings).toEqual([]);
    expect(bodies).toBeGreaterThan(100);
  }, 120_000);
});
