import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffDto, DriftFinding, ExchangeDetailDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp, startInspectorServer, type RunningInspector } from '../../inspector-ui/server/index.ts';
import { diffSessions } from '../../replay/drift/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { importDriftedSessions, type DriftedSessions } from '../support/drifted-sessions.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-ui-diff-');
let store: RecordingStore;
let server: RunningInspector;
let ids: DriftedSessions;
beforeAll(async () => {
  store = RecordingStore.open(tmp.path('drift.db'), { create: true });
  ids = importDriftedSessions(store, tmp.path('edited.json'));
  server = await startInspectorServer({ store, compare: diffSessions });
});
afterAll(async () => {
  await server?.close();
  store?.close();
  tmp.cleanup();
});

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(new URL(path, server.url));
  return { status: response.status, body: (await response.json()) as T };
};

function only<K extends DriftFinding['kind']>(report: DiffDto, kind: K): Extract<DriftFinding, { kind: K }>[] {
  return report.findings.filter((f): f is Extract<DriftFinding, { kind: K }> => f.kind === kind);
}

describe('GET /api/diff', () => {
  it('reports the same findings as `diff --json` on the same two sessions, biggest first', async () => {
    const { status, body } = await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.b}`);
    expect(status).toBe(200);
    const cli = diffSessions({ db: tmp.path('drift.db'), session: String(ids.a) }, { db: tmp.path('drift.db'), session: String(ids.b) });
    expect(body.findings).toEqual(JSON.parse(JSON.stringify(cli.findings)));
    expect(body).toMatchObject({ format: 'ucwa-inspector-drift', version: 1, matched: cli.matched, counts: cli.counts, a: { label: `session ${ids.a}` }, b: { label: `session ${ids.b}` } });
    expect(body.findings[0]).toMatchObject({ kind: 'status', statusA: 201, statusB: 403 });
    expect(only(body, 'body')[0]?.changes).toEqual(
      expect.arrayContaining([
        { change: 'changed', field: 'property culture', a: '"en-US"', b: '"fr-FR"' },
        { change: 'removed', field: 'property type', a: '"Browser"', b: null },
      ]),
    );
    expect(only(body, 'events')).toHaveLength(1);
  });

  it("names each side's exchanges by their ids in the recording, so the app can open them", async () => {
    const { body } = await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.b}`);
    const [statusChange] = only(body, 'status');
    const exchangeA = await get<ExchangeDetailDto>(`/api/exchanges/${statusChange?.a.id}`);
    const exchangeB = await get<ExchangeDetailDto>(`/api/exchanges/${statusChange?.b.id}`);
    expect(exchangeA.body.row).toMatchObject({ sessionId: ids.a, status: 201, method: 'POST' });
    expect(exchangeB.body.row).toMatchObject({ sessionId: ids.b, status: 403, method: 'POST' });
    const [events] = only(body, 'events');
    const batchB = await get<ExchangeDetailDto>(`/api/exchanges/${events?.onlyInB[0]?.exchangeId}`);
    expect(batchB.body.row.sessionId).toBe(ids.b);
  });

  it('finds no drift between two imports of one recording', async () => {
    const { status, body } = await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.c}`);
    expect(status).toBe(200);
    expect(body.findings).toEqual([]);
    expect(body.matched).toBe(12);
  });

  it('reports slower exchanges only when asked, and leaves out ignored fields', async () => {
    expect(only((await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.b}`)).body, 'timing')).toEqual([]);
    const slower = only((await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.b}&slowerThan=2`)).body, 'timing');
    expect(slower).toHaveLength(1);
    expect(slower[0]?.durationMsB).toBe(600);
    const ignoring = await get<DiffDto>(`/api/diff?a=${ids.a}&b=${ids.b}&ignoreField=culture&ignoreField=type`);
    expect(only(ignoring.body, 'body')).toEqual([]);
  });

  it('answers a bad or unknown session, or a bad factor, with a 4xx naming the problem', async () => {
    const missing = await get<{ error: string }>(`/api/diff?a=${ids.a}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/b is missing/);
    const unknown = await get<{ error: string }>(`/api/diff?a=${ids.a}&b=999`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('no session 999 (b)');
    const word = await get<{ error: string }>(`/api/diff?a=x&b=${ids.b}`);
    expect(word.status).toBe(400);
    const factor = await get<{ error: string }>(`/api/diff?a=${ids.a}&b=${ids.b}&slowerThan=0.5`);
    expect(factor.status).toBe(400);
    expect(factor.body.error).toMatch(/slowerThan must be a factor above 1/);
  });

  it('says how to get comparison when the inspector was started without it', async () => {
    const response = await createInspectorApp({ store }).request(`/api/diff?a=${ids.a}&b=${ids.b}`);
    expect(response.status).toBe(501);
    expect(((await response.json()) as { error: string }).error).toMatch(/ucwa-inspector ui/);
  });
});
