import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { announceBrowserSkip, browserTestsEnabled, useBrowserPage } from '../support/browser.ts';
import { LINT_FINDING_SEQ, UNDOCUMENTED_PROPERTY, writeLintFindingFixture } from '../support/lint-finding-fixture.ts';
import { useInspectorOnStore } from '../support/inspector-on-store.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

describe.runIf(browserTestsEnabled)('a catalogue lint finding in the list, in a browser', () => {
  const browserPage = useBrowserPage({ width: 1400, height: 800 });
  let page: Page;
  let sessionId: number;

  const inspector = useInspectorOnStore('ucwa-ui-lint-mark-', (store, tmp) => {
    sessionId = store.importSession(readImportFile(writeLintFindingFixture(tmp.path('one-finding.json'))).session).id;
  });

  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    page = browserPage.page;
  });

  it('marks the one row with a finding as ◇ 1, and that row opens the finding', async () => {
    const id = inspector.store.getExchangeBySeq(sessionId, LINT_FINDING_SEQ)?.id as number;
    await page.goto(`${inspector.server.url}#/s/${sessionId}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    const marks = page.locator('[data-testid=row-lint]');
    await marks.first().waitFor();
    expect(await marks.count()).toBe(1);
    expect(await marks.innerText()).toBe('◇ 1');
    expect(await marks.getAttribute('title')).toBe('1 catalogue lint finding: open the detail');
    await page.screenshot({ path: `${SHOTS}lint-mark.png`, clip: { x: 0, y: 0, width: 1400, height: 400 } });
    const row = page.locator('[data-testid=exchange-row]', { has: marks });
    expect(await row.getAttribute('data-id')).toBe(String(id));
    await row.click();
    await page.waitForSelector('[data-testid=exchange-title]');
    expect(await page.locator('[data-testid=response-lint]').innerText()).toContain(`undocumented-property ${UNDOCUMENTED_PROPERTY}`);
  });

  it('keeps only that row for has:lint', async () => {
    await page.goto(`${inspector.server.url}#/s/${sessionId}?q=${encodeURIComponent('has:lint')}`);
    await page.waitForSelector('[data-testid=row-lint]');
    await page.waitForFunction("document.querySelectorAll('[data-testid=exchange-row]').length === 1");
    expect(await page.locator('[data-testid=total]').innerText()).toMatch(/^1 exchanges/);
  });
});
