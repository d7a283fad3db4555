import { afterAll, describe, expect, it } from 'vitest';
import { RecordingStore } from '../../storage/recording-store.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-demo-beyond-');
afterAll(() => tmp.cleanup());

describe('ucwa-inspector demo --beyond-im', () => {
  it('records presence batched and watched, a meeting created and joined, a declined call and a connected one', async () => {
    const db = tmp.path('beyond.db');
    const { code, stdout, stderr } = await runCli(['demo', '--beyond-im', '--fast', '--exit-when-done', '--db', db]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('alice@contoso.com signs in through the proxy and goes beyond IM briefly');
    expect(stdout).toMatch(/\ndone: presence watched and batched, 1 meeting, a declined call and 1 connected call; \d+ exchanges/);

    const store = RecordingStore.open(db);
    try {
      const [session] = store.listSessions();
      expect(session).toMatchObject({ name: 'demo beyond IM', errorCount: 0 });
      const id = session?.id ?? -1;
      const requests = store.requestSides(id);
      const text = (body: Uint8Array) => new TextDecoder().decode(body);
      const responseText = (exchangeId: number) => {
        const stored = store.getExchange(exchangeId)?.exchange;
        return stored && stored.stage !== 'initiated' && stored.response ? text(stored.response.body) : '';
      };

      // A batch of presence GETs: one multipart/batching POST whose parts read both contacts' presence.
      const batch = requests.find((r) => r.method === 'POST' && (r.contentType ?? '').startsWith('multipart/batching'));
      expect(batch?.status).toBe(200);
      expect(text(batch?.body ?? new Uint8Array()).match(/^GET \S+\/people\/(carol|bob)@contoso\.com\/presence/gm)).toHaveLength(2);

      // A presence subscription, and carol read as Away after a contactPresence event said she changed.
      expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/presenceSubscriptions') && r.status === 201)).toBe(true);
      const carolReads = requests.filter((r) => r.method === 'GET' && r.url.endsWith('/people/carol@contoso.com/presence'));
      expect(carolReads.map((r) => JSON.parse(responseText(r.id)).availability)).toEqual(['Away', 'Online']);
      expect(store.countExchanges(id, { rel: 'contactPresence' })).toBeGreaterThan(0);

      // A meeting scheduled, updated, joined with IM, left and deleted.
      expect(requests.filter((r) => /\/onlineMeetings\/myOnlineMeetings(\/[^/]+)?$/.test(new URL(r.url).pathname)).map((r) => `${r.method} ${r.status}`)).toEqual(expect.arrayContaining(['POST 201', 'PUT 200', 'DELETE 204']));
      expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/communication/joinOnlineMeeting') && r.status === 201)).toBe(true);
      const timeline = sessionTimeline(store, id);
      const meeting = timeline.conversations.find((c) => c.meeting);
      expect(meeting?.meeting).toMatchObject({ subject: 'Release planning (moved)' });
      expect(meeting?.meeting?.leftAtMs).not.toBeNull();
      expect(meeting?.messages.map((m) => m.text)).toContain('Welcome, Bob. Shall we start with the plan?');

      // Bob's call declined, then alice's call to echo connected and hung up.
      const calls = timeline.conversations.filter((c) => c.changes.some((x) => x.what === 'audioVideo.state'));
      expect(calls.map((c) => [c.invitations[0]?.direction, c.invitations[0]?.state, c.changes.filter((x) => x.what === 'audioVideo.state').map((x) => x.to)])).toEqual([
        ['Incoming', 'Declined', ['Connecting']],
        ['Outgoing', 'Connected', ['Connecting', 'Connected', 'Disconnected']],
      ]);
      expect(store.countExchanges(id, { rel: 'onlineMeetingInvitation' })).toBeGreaterThan(0);
      expect(store.countExchanges(id, { rel: 'audioVideo' })).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  }, 120_000);
});
