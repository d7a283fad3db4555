import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { announceBrowserSkip, browserTestsEnabled, useBrowserPage } from '../support/browser.ts';
import { useInspectorOnStore } from '../support/inspector-on-store.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
// outgoing-chat-json.json: exchange 9 is the event batch that updates conversation 138
// (Connecting → Connected), which exchange 6's batch added.
const recording = fileURLToPath(new URL('../../recordings/outgoing-chat-json.json', import.meta.url));
const CONVERSATION = '/ucwa/oauth/v1/applications/47132b924/communication/conversations/138';

describe.runIf(browserTestsEnabled)('the history of a resource in a browser', () => {
  const browserPage = useBrowserPage({ width: 1000, height: 760 });
  let page: Page;
  let sessionId: number;

  const inspector = useInspectorOnStore('ucwa-ui-history-', (store) => {
    sessionId = store.importSession(readImportFile(recording).session).id;
  });

  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    page = browserPage.page;
  });

  it("opens a conversation's history from an event's changes, oldest state first with each diff", async () => {
    await page.goto(`${inspector.server.url}#/s/${sessionId}/x/9`);
    const change = page.locator('[data-testid=event-change]', { hasText: /conversations\/138\s/ });
    await change.first().waitFor();
    await change.first().locator('[data-testid=change-history]').click();
    await page.waitForSelector('[data-testid=history-state]');
    expect(await page.locator('[data-testid=history-href]').innerText()).toBe(CONVERSATION);
    const states = page.locator('[data-testid=history-state]');
    expect(await states.count()).toBe(2);
    expect(await states.locator('[data-testid=history-source]').allInnerTexts()).toEqual(['event added', 'event updated']);
    expect(await states.nth(0).innerText()).toContain('first seen here');
    expect(await states.nth(0).innerText()).toContain('+ state: Connecting');
    const second = await states.nth(1).innerText();
    expect(second).toContain('since #6');
    expect(second).toMatch(/state: Connecting\s*→\s*Connected/);
    expect(second).toMatch(/participantCount: 1\s*→\s*2/);
    await page.screenshot({ path: `${SHOTS}resource-history.png`, clip: { x: 0, y: 0, width: 1000, height: 520 } });
  });

  it('follows a state to the exchange that carried it', async () => {
    await page.goto(`${inspector.server.url}#/s/${sessionId}/resource?href=${encodeURIComponent(CONVERSATION)}`);
    await page.locator('[data-testid=history-exchange]').first().click();
    await page.waitForSelector('[data-testid=exchange-title]');
    expect(page.url()).toContain(`#/s/${sessionId}/x/6`);
    expect(await page.locator('[data-testid=exchange-title]').innerText()).toMatch(/^GET \/ucwa\/oauth\/v1\/applications\/47132b924\/events\?ack=1$/);
  });

  it("opens the history of a resource embedded in a response from the response's resources", async () => {
    await page.goto(`${inspector.server.url}#/s/${sessionId}/x/5`);
    const me = page.locator('[data-testid=response-resources] li').filter({ has: page.locator('.mono', { hasText: /\/applications\/47132b924\/me$/ }) });
    await me.locator('[data-testid=resource-history]').click();
    await page.waitForSelector('[data-testid=history-state]');
    expect(await page.locator('[data-testid=history-source]').allInnerTexts()).toEqual(['POST', 'event updated']);
    expect(await page.locator('[data-testid=history-state]').first().innerText()).toContain('embedded as me');
  });
});
