import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeDetailDto, ExchangeRowDto, ExchangeWindowDto } from '../../inspector-ui/api/wire-types.ts';
import { createInspectorApp } from '../../inspector-ui/server/index.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { apiJson } from '../support/inspector-api.ts';
import { LINT_FINDING_SEQ, UNDOCUMENTED_PROPERTY, writeLintFindingFixture } from '../support/lint-finding-fixture.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir('ucwa-ui-lint-api-');
let store: RecordingStore;
let sessionId: number;
let app: ReturnType<typeof createInspectorApp>;
beforeAll(() => {
  store = RecordingStore.open(tmp.path('lint.db'), { create: true });
  sessionId = store.importSession(readImportFile(writeLintFindingFixture(tmp.path('one-finding.json'))).session).id;
  app = createInspectorApp({ store });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const json = <T>(path: string) => apiJson<T>(app, path);

describe('catalogue lint findings in the exchange list', () => {
  it('carries the count on the row of the exchange that has one, and 0 on every other row', async () => {
    const { body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?limit=500`);
    expect(body.items.length).toBe(body.total);
    expect(body.items.filter((row) => row.lintFindingCount > 0).map((row) => ({ seq: row.seq, count: row.lintFindingCount }))).toEqual([{ seq: LINT_FINDING_SEQ, count: 1 }]);
    const paged = await json<{ items: ExchangeRowDto[] }>(`/api/sessions/${sessionId}/exchanges?limit=500`);
    expect(paged.body.items.find((row) => row.seq === LINT_FINDING_SEQ)?.lintFindingCount).toBe(1);
  });

  it('keeps only those rows for has:lint, and the detail names the finding', async () => {
    const { status, body } = await json<ExchangeWindowDto>(`/api/sessions/${sessionId}/window?q=has:lint`);
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    const row = body.items[0] as ExchangeRowDto;
    expect(row.seq).toBe(LINT_FINDING_SEQ);
    const detail = await json<ExchangeDetailDto>(`/api/exchanges/${row.id}`);
    expect(detail.body.response?.lint.filter((finding) => finding.severity === 'finding').map((finding) => [finding.kind, finding.name])).toEqual([['undocumented-property', UNDOCUMENTED_PROPERTY]]);
  });

  it('refuses a has: value it does not know, saying what it takes', async () => {
    const { status, body } = await json<{ error: string }>(`/api/sessions/${sessionId}/window?q=has:bugs`);
    expect(status).toBe(400);
    expect(body.error).toBe('filter: has: takes lint (exchanges with catalogue lint findings), not "bugs"');
  });
});
