import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient, type RunningSimulator } from '../../simulator/index.ts';
import { markLogRead, readConversationLogs, readMissedItems } from '../../simulator/client/conversation-log-reader.ts';
import { lintingObserver } from '../support/lint-observer.ts';
import { hrefOf, PlainClient, type JsonResource } from '../support/plain-client.ts';

let sim: RunningSimulator | null = null;
let client: UcwaClient | null = null;
const findings: string[] = [];
afterEach(async () => {
  await client?.close();
  await sim?.close();
  client = null;
  sim = null;
  expect(findings.splice(0)).toEqual([]);
});

async function alice(format: 'json' | 'xml', scenario?: string): Promise<UcwaClient> {
  sim = await startSimulator({ timeScale: 0.05, ...(scenario ? { scenario } : {}) });
  client = new UcwaClient({ baseUrl: sim.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, format, observe: lintingObserver(findings, 'alice') });
  await client.signIn();
  await client.makeMeAvailable();
  return client;
}

describe.each(['json', 'xml'] as const)('conversation logs (%s)', (format) => {
  it('logs an IM conversation once it ends, its messages as transcripts three to a page, and missedItems counts it', async () => {
    const c = await alice(format);
    const conv = await c.startConversation('echo@contoso.com', { subject: 'Notes' });
    await c.waitFor(() => c.seen.conversation(conv).links.has('sendMessage'), 'messaging');
    for (const text of ['one', 'two']) {
      await c.sendMessage(conv, text);
      await c.waitFor(() => c.seen.conversation(conv).messages.some((m) => m.direction === 'Incoming' && m.text === text), `echo saying ${text}`);
    }
    expect(await readConversationLogs(c)).toEqual([]);
    await c.leave(conv);
    await c.waitFor(() => c.seen.events.some((e) => e.rel === 'missedItems'), 'missedItems to change');
    const [log, ...others] = await readConversationLogs(c);
    expect(others).toEqual([]);
    expect(log).toMatchObject({ status: 'Archived', type: 'MessageLog', direction: 'Outgoing', subject: 'Notes', modalities: ['Messaging'], recipients: ['sip:echo@contoso.com'], transcriptPages: 2, unread: false });
    expect(log?.transcripts.map((t) => [t.from === 'local' ? 'local' : t.from.split('/').at(-1), t.text])).toEqual([
      ['local', 'one'],
      ['echo@contoso.com', 'one'],
      ['local', 'two'],
      ['echo@contoso.com', 'two'],
    ]);
    expect(await readMissedItems(c)).toMatchObject({ conversationLogsCount: 1, missedConversationsCount: 0 });
  });

  it('logs a missed invitation as Missed and unread; markAsRead clears the unread count and says so on the event channel', async () => {
    const c = await alice(format, 'missed-invitation');
    await c.waitFor(() => c.seen.missedConversations === 1, 'the missed invitation');
    const [missed] = await readConversationLogs(c);
    expect(missed).toMatchObject({ status: 'Missed', type: 'MessageLog', direction: 'Incoming', recipients: ['sip:carol@contoso.com'], unread: true });
    expect(await readMissedItems(c)).toMatchObject({ conversationLogsCount: 1, missedConversationsCount: 1, unreadMissedConversationsCount: 1 });
    const updates = c.seen.events.filter((e) => e.rel === 'missedItems').length;
    await markLogRead(c, missed?.href ?? '');
    await c.waitFor(() => c.seen.events.filter((e) => e.rel === 'missedItems').length > updates, 'missedItems to change again');
    expect(await readMissedItems(c)).toMatchObject({ missedConversationsCount: 1, unreadMissedConversationsCount: 0 });
    expect((await readConversationLogs(c))[0]?.unread).toBe(false);
  });
});

describe('conversation logs over plain HTTP', () => {
  it('lists with limit, reads a recipient, deletes a log, and answers bad input with one line naming it', async () => {
    sim = await startSimulator({ scenario: 'missed-invitation', timeScale: 0.02 });
    const plain = new PlainClient(sim.url);
    const { application } = await plain.signIn('alice@contoso.com');
    const me = application._embedded?.['me'] as JsonResource;
    await plain.send('POST', hrefOf(me, 'makeMeAvailable'), { body: '{}', contentType: 'application/json' });
    const communication = application._embedded?.['communication'] as JsonResource;
    const logsHref = hrefOf(communication, 'conversationLogs');
    let list: JsonResource = { _links: {} } as JsonResource;
    for (let i = 0; i < 100 && !list._links['conversationLog']; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      list = JSON.parse((await plain.send('GET', `${logsHref}?limit=1`)).text) as JsonResource;
    }
    const log = JSON.parse((await plain.send('GET', hrefOf(list, 'conversationLog'))).text) as JsonResource;
    const recipient = (log._embedded?.['conversationLogRecipient'] as JsonResource[])[0] as JsonResource;
    expect(JSON.parse((await plain.send('GET', hrefOf(recipient, 'self'))).text)).toMatchObject({ rel: 'conversationLogRecipient', sipUri: 'sip:carol@contoso.com', displayName: 'Carol Chen' });
    const bad = await plain.send('GET', `${logsHref}?limit=lots`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('limit must be a whole number');
    expect((await plain.send('DELETE', hrefOf(log, 'self'))).status).toBe(204);
    expect((await plain.send('GET', hrefOf(log, 'self'))).status).toBe(404);
    const missedItems = JSON.parse((await plain.send('GET', hrefOf(communication, 'missedItems'))).text) as JsonResource;
    expect(missedItems).toMatchObject({ conversationLogsCount: 0, missedConversationsCount: 1, unreadMissedConversationsCount: 0 });
  });
});
