import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImportFile } from '../../storage/import/read-import-file.ts';
import { sessionTimeline } from '../../storage/timeline/session-timeline.ts';
import { announceBrowserSkip, browserTestsEnabled, useBrowserPage } from '../support/browser.ts';
import { useInspectorOnStore } from '../support/inspector-on-store.ts';

announceBrowserSkip();
// meeting: alice schedules "Release planning", renames it "(moved)", joins it with IM, talks with bob, leaves.
const recording = (name: string) => fileURLToPath(new URL(`../../recordings/${name}.json`, import.meta.url));

describe.runIf(browserTestsEnabled)('a meeting\'s lane in a browser', () => {
  const browserPage = useBrowserPage({ width: 1400, height: 900 });
  let page: Page;
  let meetingSession: number;
  let chatSession: number;

  const inspector = useInspectorOnStore('ucwa-ui-meeting-', (store) => {
    meetingSession = store.importSession(readImportFile(recording('meeting-json')).session).id;
    chatSession = store.importSession(readImportFile(recording('outgoing-chat-json')).session).id;
  });

  beforeAll(() => {
    page = browserPage.page;
  });

  async function openLane(sessionId: number): Promise<void> {
    await page.goto('about:blank');
    await page.goto(`${inspector.server.url}#/s/${sessionId}/timeline`);
    await page.waitForSelector('[data-testid=lane] [data-testid=state-band]', { timeout: 15_000 });
  }

  it('draws the meeting band above the other bands, named by the meeting, from joining to leaving', async () => {
    await openLane(meetingSession);
    const meeting = sessionTimeline(inspector.store, meetingSession).conversations[0]?.meeting;
    const band = page.locator('[data-testid=lane] [data-testid=meeting-band]');
    expect(await band.count()).toBe(1);
    expect(await band.getAttribute('aria-label')).toMatch(/^online meeting Release planning \(moved\): joined \d\d:\d\d:\d\d\.\d{3}, left \d\d:\d\d:\d\d\.\d{3}$/);
    expect(await band.locator('text').textContent()).toBe('meeting Release planning (moved)');
    expect(await band.getAttribute('href')).toBe(`#/s/${meetingSession}/x/${meeting?.cause.exchangeId}`);
    // It sits above the conversation's state band and spans from the meeting's start to the lane's end (the meeting ended it).
    const [meetingBox, stateBox] = [await band.locator('rect').boundingBox(), await page.locator('[data-testid=lane] [data-testid=state-band] rect').first().boundingBox()];
    expect(meetingBox && stateBox && meetingBox.y + meetingBox.height <= stateBox.y).toBe(true);
    expect(meetingBox && stateBox && meetingBox.x >= stateBox.x).toBe(true);
    expect(await page.locator('[data-testid=lane] .axis').innerText()).toContain('meeting (violet)');
    // Joining the meeting and its IM: both invitations went to the meeting, not to its organizer.
    expect(await page.locator('[data-testid=lane] [data-testid=invitation]').allInnerTexts()).toEqual([expect.stringMatching(/^Outgoing invitation to the online meeting: accepted at /), expect.stringMatching(/^Outgoing invitation to the online meeting: accepted at /)]);
  });

  it('draws no meeting band for a plain chat', async () => {
    await openLane(chatSession);
    expect(await page.locator('[data-testid=meeting-band]').count()).toBe(0);
  });
});
