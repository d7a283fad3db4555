import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderTimelineText } from '../../protocol/timeline/render-timeline.ts';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { announceBrowserSkip, browserTestsEnabled, useBrowserPage } from '../support/browser.ts';
import { useInspectorOnStore } from '../support/inspector-on-store.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
// presence-watch: alice subscribes to carol's and bob's presence; carol goes Away and comes back;
// alice reads both presences in one batch.
const recording = fileURLToPath(new URL('../../recordings/presence-watch-json.json', import.meta.url));

describe.runIf(browserTestsEnabled)('presence lanes in a browser', () => {
  const browserPage = useBrowserPage({ width: 1400, height: 900 });
  let page: Page;
  let sessionId: number;

  const inspector = useInspectorOnStore('ucwa-ui-presence-', (store) => {
    sessionId = store.importSession(readImportFile(recording).session).id;
  });

  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    page = browserPage.page;
  });

  /** The lines `timeline --format text` prints for one presence lane. */
  const cliLines = (label: string) =>
    renderTimelineText(sessionTimeline(inspector.store, sessionId))
      .split('\n')
      .filter((line) => line.slice(14, 26).trimEnd() === label);

  async function openTimeline(): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${inspector.server.url}#/s/${sessionId}/timeline`);
    await page.waitForSelector('[data-testid=presence-lane] [data-testid=availability-band]', { timeout: 15_000 });
  }

  const lane = (title: string) => page.locator('[data-testid=presence-lane]').filter({ has: page.locator('h4', { hasText: title }) });

  it('draws a lane for the user and each watched contact above the conversations, carol going Away and back', async () => {
    await openTimeline();
    const titles = await page.locator('[data-testid=presence-lane] h4').allInnerTexts();
    expect(titles.map((t) => t.split(' sip:')[0])).toEqual(['Alice Anders (you)', 'Carol Chen', 'Bob Barker']);
    const carol = lane('Carol Chen');
    const bands = carol.locator('[data-testid=availability-band]');
    const labels = await bands.evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
    expect(labels).toEqual([expect.stringMatching(/^Carol Chen Away from \d\d:\d\d:\d\d\.\d{3} to \d\d:\d\d:\d\d\.\d{3}$/), expect.stringMatching(/^Carol Chen Online from /)]);
    // Each band is written with its availability, inside the band, and links to the GET that showed it.
    for (let i = 0; i < 2; i++) {
      const [box, text] = [await bands.nth(i).locator('rect').boundingBox(), await bands.nth(i).locator('text').boundingBox()];
      expect(box && text && text.x >= box.x && text.x + text.width <= box.x + box.width + 0.5).toBe(true);
    }
    expect(await bands.locator('text').allTextContents()).toEqual(['Away', 'Online']);
    const causes = cliLines('carol').filter((line) => / availability /.test(line)).map((line) => `#/s/${sessionId}/x/${/exchange (\d+)/.exec(line)?.[1]}`);
    expect(await bands.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(causes);
    expect(await lane('Bob Barker').locator('[data-testid=availability-band] text').allTextContents()).toEqual(['Offline']);
    // The section sits above the conversations heading.
    const presenceTop = (await page.locator('[data-testid=presence]').boundingBox())?.y ?? Infinity;
    const conversationsTop = (await page.locator('h2', { hasText: 'Conversations' }).boundingBox())?.y ?? -Infinity;
    expect(presenceTop).toBeLessThan(conversationsTop);
    await page.screenshot({ path: `${SHOTS}timeline-presence.png`, fullPage: true });
  });

  it('lists a lane\'s changes line for line as the timeline command prints them', async () => {
    await openTimeline();
    const changes = lane('Carol Chen').locator('[data-testid=presence-changes]');
    await changes.locator('summary').click();
    const expected = cliLines('carol');
    expect(expected.length).toBe(5);
    expect(await changes.locator('li').allInnerTexts()).toEqual(expected);
  });

  it('shows everyone\'s presence at the moment the cursor points to', async () => {
    await openTimeline();
    const away = await lane('Carol Chen').locator('[data-testid=availability-band] rect').first().boundingBox();
    const timeline = sessionTimeline(inspector.store, sessionId);
    const band = timeline.presence.find((l) => l.uri === 'sip:carol@contoso.com')?.bands[0];
    const middle = Math.floor(((band?.fromMs ?? 0) + (band?.toMs ?? 0)) / 2);
    expect(away).not.toBeNull();
    // Move the presence cursor there, as dragging it would.
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid=presence] input[type=range]');
      el.value = '${middle}';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    const at = page.locator('[data-testid=presence-at]');
    await at.waitFor({ timeout: 10_000 });
    expect(await at.innerText()).toMatch(/^At \d\d:\d\d:\d\d\.\d{3}: Alice Anders \(you\) Online · .*carol Away/);
    expect(await at.innerText()).not.toMatch(/Offline/);
  });
});
