import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSessions } from '../../replay/drift/index.ts';
import { announceBrowserSkip, browserTestsEnabled, useBrowserPage } from '../support/browser.ts';
import { importDriftedSessions, type DriftedSessions } from '../support/drifted-sessions.ts';
import { useInspectorOnStore } from '../support/inspector-on-store.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

describe.runIf(browserTestsEnabled)('comparing two sessions in the inspector', () => {
  const browserPage = useBrowserPage({ width: 1400, height: 900 });
  let page: Page;
  let ids: DriftedSessions;

  const inspector = useInspectorOnStore('ucwa-ui-diff-browser-', (store, tmp) => {
    ids = importDriftedSessions(store, tmp.path('edited.json'));
  }, { compare: diffSessions, setupTimeoutMs: 180_000 });

  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    page = browserPage.page;
  });

  it('compares two ticked sessions and shows the biggest finding first, A left and B right', async () => {
    await page.goto(inspector.server.url);
    await page.getByLabel(`compare session ${ids.a}`).check();
    await page.getByLabel(`compare session ${ids.b}`).check();
    await page.getByTestId('compare').click();
    await page.waitForSelector('[data-testid=findings] tr.finding');
    expect(new URL(page.url()).hash).toBe(`#/diff/${ids.a}/${ids.b}`);
    const first = page.locator('[data-testid=findings] tr.finding').first();
    expect(await first.getAttribute('data-kind')).toBe('status');
    const [what, sideA, sideB] = await first.locator('td').allInnerTexts();
    expect(what).toMatch(/status changed\s+POST \/ucwa\/.*\/messagingInvitations \(startMessaging\)/);
    expect(sideA).toMatch(/^A#\d+ 201$/);
    expect(sideB).toMatch(/^B#\d+ 403$/);
    const body = await page.locator('[data-testid=findings] tr[data-kind=body]').innerText();
    expect(body).toContain('property culture: "en-US"');
    expect(body).toContain('property culture: "fr-FR"');
    const events = await page.locator('[data-testid=findings] tr[data-kind=events]').innerText();
    expect(events).toContain('completed message Success');
    expect(events).toContain('added participant in typingParticipants');
    await page.screenshot({ path: `${SHOTS}diff.png` });
  });

  it("follows a finding's B link to that exchange in session B", async () => {
    await page.goto(`${inspector.server.url}#/diff/${ids.a}/${ids.b}`);
    const link = page.locator('[data-testid=findings] tr[data-kind=status] [data-testid=link-b]');
    const id = (await link.innerText()).replace('B#', '');
    await link.click();
    await page.waitForSelector('[data-testid=exchange-title]');
    expect(new URL(page.url()).hash).toBe(`#/s/${ids.b}/x/${id}`);
    expect(await page.getByTestId('exchange-title').innerText()).toMatch(/^POST \/ucwa\/.*\/messagingInvitations$/);
  });

  it('reports slower exchanges when a factor is chosen', async () => {
    await page.goto(`${inspector.server.url}#/diff/${ids.a}/${ids.b}`);
    await page.waitForSelector('[data-testid=findings] tr.finding');
    expect(await page.locator('tr[data-kind=timing]').count()).toBe(0);
    await page.getByLabel('report exchanges slower in B by').selectOption('2');
    await page.waitForSelector('tr[data-kind=timing]');
    expect(new URL(page.url()).hash).toBe(`#/diff/${ids.a}/${ids.b}?slowerThan=2`);
    expect(await page.locator('tr[data-kind=timing]').innerText()).toMatch(/600 ms/);
  });

  it('says "no drift" for two imports of one recording', async () => {
    await page.goto(`${inspector.server.url}#/diff/${ids.a}/${ids.c}`);
    await page.waitForSelector('[data-testid=no-drift]');
    expect(await page.getByTestId('no-drift').innerText()).toBe('No drift: 12 requests matched with the same statuses, bodies and event sequences.');
  });
});
