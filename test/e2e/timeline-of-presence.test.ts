import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionDto, SessionTimelineDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { runCli } from '../support/cli-process.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// presence-watch: alice subscribes to carol's and bob's presence; carol goes Away and comes back;
// alice reads both presences in one batch (recordings/README.md).
const recording = (name: string) => fileURLToPath(new URL(`../../recordings/${name}.json`, import.meta.url));
const tmp = makeTempDir('ucwa-presence-timeline-');
const db = tmp.path('presence.db');
const formats = ['json', 'xml'] as const;

beforeAll(async () => {
  for (const format of formats) expect((await runCli(['import', recording(`presence-watch-${format}`), '--db', db])).code).toBe(0);
}, 60_000);
afterAll(() => tmp.cleanup());

/** What a lane's lines of `timeline --format text` say, without time and cause. */
function laneLines(text: string, label: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.slice(14, 26).trimEnd() === label)
    .map((line) => line.slice(26).replace(/\s+\(.*\)$/, '').trim());
}

describe.each(formats)('the presence of a watched contact (%s)', (format) => {
  const session = `presence-watch-${format}`;

  it('prints a lane for carol going Away and back, bob read Offline in a batch, and the user made available', async () => {
    const run = await runCli(['timeline', '--db', db, '--session', session]);
    expect(run.code).toBe(0);
    expect(laneLines(run.stdout, 'carol')).toEqual(['presence subscribed', 'contactPresence updated', 'availability - -> Away', 'contactPresence updated', 'availability Away -> Online']);
    expect(laneLines(run.stdout, 'bob')).toEqual(['presence subscribed', 'availability - -> Offline']);
    expect(laneLines(run.stdout, 'me')).toEqual(['availability - -> Online', 'presence added', 'note added']);
    // Every line still names its cause; carol's values came from GETs of her presence.
    expect(run.stdout).toMatch(/ carol {7}availability - -> Away\s+\(snapshot, exchange \d+\)/);
  });

  it('serves the lanes in the timeline JSON, whole and at a moment inside the Away band', async () => {
    const store = RecordingStore.open(db, { readOnly: true });
    try {
      const app = createInspectorApp({ store });
      const get = async <T>(path: string): Promise<T> => (await (await app.request(path)).json()) as T;
      const sessions = await get<SessionDto[]>('/api/sessions');
      const id = sessions.find((s) => s.name === session)?.id;
      const whole = await get<SessionTimelineDto>(`/api/sessions/${id}/timeline`);
      expect(whole.presence.map((lane) => [lane.title, lane.label, lane.availability])).toEqual([
        ['Alice Anders (you)', 'me', 'Online'],
        ['Carol Chen', 'carol', 'Online'],
        ['Bob Barker', 'bob', 'Offline'],
      ]);
      const carol = whole.presence[1];
      expect(carol?.bands.map((band) => [band.availability, band.activity])).toEqual([['Away', 'Away'], ['Online', 'Available']]);
      const [away, back] = carol?.bands ?? [];
      expect(away?.toMs).toBe(back?.fromMs);
      expect(back?.toMs).toBeNull();
      expect(carol?.subscribedAtMs).toBeLessThan(away?.fromMs ?? 0);

      // The moment view folds presence too: halfway through the Away band carol is Away and bob not yet seen.
      // Until the contact list ties sip:carol@contoso.com to carol's href, the subscription's lane and
      // the lane of her presence GETs are two (nothing but URL shape says they are one person).
      const middle = Math.floor(((away?.fromMs ?? 0) + (away?.toMs ?? 0)) / 2);
      const then = await get<SessionTimelineDto>(`/api/sessions/${id}/timeline?atMs=${middle}`);
      expect(then.presence.map((lane) => [lane.label, lane.uri, lane.href === null ? null : 'href', lane.availability])).toEqual([
        ['me', 'sip:alice@contoso.com', 'href', 'Online'],
        ['carol', 'sip:carol@contoso.com', null, null],
        ['bob', 'sip:bob@contoso.com', null, null],
        ['carol', null, 'href', 'Away'],
      ]);
    } finally {
      store.close();
    }
  });
});
