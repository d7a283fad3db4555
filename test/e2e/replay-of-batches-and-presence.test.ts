import { afterAll, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../../proxy/index.ts';
import { startReplay } from '../../replay/index.ts';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { lintingObserver } from '../support/lint-observer.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-batch-replay-');
const store = RecordingStore.open(tmp.path('replay.db'), { create: true });
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const PARTS = ['people/bob@contoso.com/presence', 'people/carol@contoso.com/presence', 'people/bob@contoso.com/note'];
const contactPresence = (c: UcwaClient) => c.seen.events.filter((e) => e.rel === 'contactPresence' && e.href.includes('/people/bob@contoso.com/'));

/** Alice subscribes to Bob, sees him sign in and go Away, then reads three presences in one batch. */
async function aliceWatchesBob(alice: UcwaClient, bobGoesAway: () => Promise<void>, order: readonly number[]) {
  await alice.signIn();
  await alice.makeMeAvailable();
  await alice.presence.subscribe(['bob@contoso.com'], 10);
  await bobGoesAway();
  await alice.waitFor(() => contactPresence(alice).length >= 2, 'Bob online, then Away', 15_000);
  const answers = await alice.batchGet(order.map((i) => `${alice.applicationHref}/${PARTS[i]}`));
  return answers.map((a) => (a.body.kind === 'resource' ? [a.status, a.body.resource.rel, a.body.resource.href?.split('/people/')[1], a.body.resource.properties['availability'] ?? null] : [a.status, a.body.kind]));
}

describe('a recorded batch and presence subscription, replayed', () => {
  it('answers a batch with a fresh boundary and its parts in another order from the recording, and names a part it never saw', async () => {
    const findings: string[] = [];
    const sim = await startSimulator({ timeScale: 0.05 });
    const proxy = await startRecordingProxy({ store, caDir: tmp.path('ca'), session: { name: 'batch original' } });
    const alice = new UcwaClient({ baseUrl: sim.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD, proxy: proxy.url, observe: lintingObserver(findings, 'alice') });
    const bob = new UcwaClient({ baseUrl: sim.url, user: 'bob@contoso.com', password: DEFAULT_PASSWORD, format: 'xml', observe: lintingObserver(findings, 'bob') });
    const recorded = await aliceWatchesBob(alice, async () => {
      await bob.signIn();
      await bob.makeMeAvailable();
      await alice.waitFor(() => contactPresence(alice).length >= 1, 'Bob online');
      await bob.presence.publish('Away');
    }, [0, 1, 2]);
    await alice.close();
    await bob.close();
    await proxy.close();
    await sim.close();
    expect(findings).toEqual([]);
    expect(recorded).toEqual([
      [200, 'contactPresence', 'bob@contoso.com/presence', 'Away'],
      [200, 'contactPresence', 'carol@contoso.com/presence', 'Offline'],
      [200, 'contactNote', 'bob@contoso.com/note', null],
    ]);

    const replay = await startReplay({ store, sessionId: proxy.sessionId, pace: 'instant', pollTimeoutMs: 500 });
    const again = new UcwaClient({ baseUrl: replay.url, user: 'alice@contoso.com', password: DEFAULT_PASSWORD });
    // The client picks a new random boundary; the parts go in another order.
    const replayed = await aliceWatchesBob(again, async () => undefined, [2, 0, 1]);
    expect(replayed).toEqual([recorded[2], recorded[0], recorded[1]]);
    expect(replay.report().missed).toEqual([]);

    const unknown = await again.batchGet([`${again.applicationHref}/people/bob@contoso.com/presence`, `${again.applicationHref}/people/echo@contoso.com/presence`]).catch((error: Error) => error.message);
    expect(unknown).toContain('404');
    const miss = replay.report().missed[0];
    expect(miss?.request).toContain('part 2 (GET ');
    expect(miss?.reason).toContain('/people/echo@contoso.com/presence');
    await again.close();
    await replay.close();
  });
});
