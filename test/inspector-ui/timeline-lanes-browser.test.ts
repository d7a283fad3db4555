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
// missed-invitation: carol invites alice, who never answers (Informational/Missed).
// incoming-chat: bob invites alice, she accepts; bob types, both talk, bob leaves.
const recording = (name: string) => fileURLToPath(new URL(`../../recordings/${name}.json`, import.meta.url));

describe.runIf(browserTestsEnabled)('a conversation lane in a browser', () => {
  const browserPage = useBrowserPage({ width: 1400, height: 900 });
  let page: Page;
  let missedSession: number;
  let chatSession: number;

  const inspector = useInspectorOnStore('ucwa-ui-lanes-', (store) => {
    missedSession = store.importSession(readImportFile(recording('missed-invitation-json')).session).id;
    chatSession = store.importSession(readImportFile(recording('incoming-chat-json')).session).id;
  });

  beforeAll(() => {
    mkdirSync(SHOTS, { recursive: true });
    page = browserPage.page;
  });

  /** The lines `timeline --format text` prints for the session's only conversation. */
  const cliLines = (sessionId: number) =>
    renderTimelineText(sessionTimeline(inspector.store, sessionId))
      .split('\n')
      .filter((line) => /^\S+ {2}conv /.test(line));

  async function openLane(sessionId: number): Promise<void> {
    // A fresh page each time: a hash-only navigation would keep the lane (and its open changes) as it was.
    await page.goto('about:blank');
    await page.goto(`${inspector.server.url}#/s/${sessionId}/timeline`);
    await page.waitForSelector('[data-testid=lane] [data-testid=state-band]', { timeout: 15_000 });
  }

  /** Each visible label sits inside the band it names, so it reads as that band's state. */
  async function visibleBandLabels(testid: string): Promise<string[]> {
    const labels: string[] = [];
    const bands = page.locator(`[data-testid=lane] [data-testid=${testid}]`);
    for (let i = 0; i < (await bands.count()); i++) {
      const text = bands.nth(i).locator('text');
      if ((await text.count()) === 0) continue;
      const [band, label] = [await bands.nth(i).locator('rect').boundingBox(), await text.boundingBox()];
      expect(band && label && label.x >= band.x && label.x + label.width <= band.x + band.width + 0.5).toBe(true);
      labels.push(await text.textContent() ?? '');
    }
    return labels;
  }

  it('marks a missed invitation with its reason and who sent it', async () => {
    await openLane(missedSession);
    const invitation = page.locator('[data-testid=invitation]');
    expect(await invitation.innerText()).toMatch(/^Incoming invitation from Carol Chen: missed \(Informational\/Missed\) at \d\d:\d\d:\d\d\.\d{3}$/);
    // The mark on the lane says the same to a screen reader and links to the event that ended it.
    const mark = page.locator('[data-testid=invitation-mark]');
    expect(await mark.getAttribute('aria-label')).toBe('invitation from Carol Chen missed: Informational/Missed');
    expect(await mark.getAttribute('href')).toBe(`#/s/${missedSession}/x/9`);
    expect(await mark.locator('rect').isVisible()).toBe(true);
    expect(await visibleBandLabels('state-band')).toEqual(['Incoming']);
    expect(await page.locator('[data-testid=lane] h3').innerText()).toContain('invited by Carol Chen');
    await page.screenshot({ path: `${SHOTS}timeline-missed.png`, fullPage: true });
  });

  it('lists the lane\'s changes line for line as the timeline command prints them', async () => {
    for (const sessionId of [missedSession, chatSession]) {
      await openLane(sessionId);
      const changes = page.locator('[data-testid=changes]');
      expect(await changes.locator('li').first().isVisible()).toBe(false);
      await changes.locator('summary').click();
      const shown = await changes.locator('li').allInnerTexts();
      const expected = cliLines(sessionId);
      expect(expected.length).toBeGreaterThan(15);
      expect(shown).toEqual(expected);
      // Each line links to the exchange its cause names.
      const hrefs = await changes.locator('li a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(expected.map((line) => `#/s/${sessionId}/x/${/exchange (\d+)/.exec(line)?.[1]}`));
    }
  });

  it('names the typist, labels the bands with their state and calls the local user "you"', async () => {
    await openLane(chatSession);
    const typing = page.locator('[data-testid=typing-mark]');
    expect(await typing.count()).toBe(1);
    expect(await typing.getAttribute('aria-label')).toMatch(/^Bob Barker typing from \d\d:\d\d:\d\d\.\d{3} to \d\d:\d\d:\d\d\.\d{3}$/);
    expect(await typing.locator('text').textContent()).toBe('Bob Barker typing');
    expect(await typing.locator('text').isVisible()).toBe(true);
    expect(await visibleBandLabels('state-band')).toEqual(['Incoming', 'Connected', 'Disconnected']);
    expect(await visibleBandLabels('messaging-band')).toEqual(['Connected', 'Disconnected']);
    // Every band says its state to a screen reader too (and on hover), however narrow it is drawn.
    const states = page.locator('[data-testid=state-band]');
    expect(await states.evaluateAll((bands) => bands.map((b) => b.getAttribute('aria-label')?.split(' from ')[0]))).toEqual(['state Incoming', 'state Connected', 'state Disconnected']);
    const messages = await page.locator('[data-testid=messages] li').allInnerTexts();
    expect(messages.map((m) => /\b(you|Bob Barker): /.exec(m)?.[1])).toEqual(['Bob Barker', 'you', 'Bob Barker', 'you', 'Bob Barker']);
    const participants = await page.locator('[data-testid=lane] .cols ul li').allInnerTexts();
    expect(participants.map((p) => p.split(' joined')[0])).toEqual(['Bob Barker', 'you']);
    // alice is the local user: her name appears only inside message texts, never as a label.
    expect(await page.locator('[data-testid=lane]').innerText()).not.toMatch(/Alice Anders|alice@/i);
    expect(await page.locator('[data-testid=invitation]').innerText()).toMatch(/^Incoming invitation from Bob Barker: accepted at /);
    await page.locator('[data-testid=changes] summary').click();
    await page.screenshot({ path: `${SHOTS}timeline-chat.png`, fullPage: true });
  });
});
