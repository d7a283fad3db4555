import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type RunningInspector } from '../../inspector-ui/server/index.ts';
import { startRecordingProxy } from '../../proxy/index.ts';
import { DEFAULT_PASSWORD, startSimulator, UcwaClient } from '../../simulator/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { announceBrowserSkip, browserTestsEnabled, buildInspectorApp, useBrowserPage } from '../support/browser.ts';
import { recordScenario } from '../support/record-scenario.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>bold move';
const tmp = makeTempDir('ucwa-ui-browser-');

describe.runIf(browserTestsEnabled)('the inspector in a browser', () => {
  let store: RecordingStore;
  let server: RunningInspector;
  const browserPage = useBrowserPage({ width: 1400, height: 900 });
  let page: Page;
  let chatSession: number;
  let htmlSession: number;
  let sameInstantSession: number;

  beforeAll(async () => {
    buildInspectorApp();
    mkdirSync(SHOTS, { recursive: true });
    store = RecordingStore.open(tmp.path('browser.db'), { create: true });
    ({ sessionId: chatSession } = await recordScenario(store, 'demo', { caDir: tmp.path('ca') }));
    // A session whose messages carry HTML meant to run: it must be shown as text, never executed.
    const sim = await startSimulator({ timeScale: 0.05 });
    const proxy = await startRecordingProxy({ store, upstream: sim.url, caDir: tmp.path('ca'), session: { name: 'html message' } });
    const client = new UcwaClient({ baseUrl: `${proxy.url}/`, user: 'alice@contoso.com', password: DEFAULT_PASSWORD });
    await client.signIn();
    const conv = await client.startConversation('echo@contoso.com', { subject: 'markup' });
    await client.waitFor(() => client.seen.conversation(conv).links.has('sendMessage'), 'messaging');
    await client.sendMessage(conv, XSS, { html: true });
    await client.waitFor(() => client.seen.conversation(conv).messages.some((m) => m.direction === 'Incoming'), 'the echo');
    await client.close();
    await proxy.close();
    await sim.close();
    htmlSession = proxy.sessionId;
    // A session where everything happens in one millisecond, with the same text sent both ways.
    const recorder = await store.startSession({ name: 'same instant', mode: 'reverse' });
    for (const exchange of makeConversationTraffic({ app: 800, conversation: 801, timeScale: 0, incomingText: 'ok', outgoingText: 'ok' })) recorder.record(exchange);
    await recorder.end();
    sameInstantSession = recorder.sessionId;
    server = await startInspectorServer({ store });
    page = browserPage.page;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    store?.close();
    tmp.cleanup();
  });

  it('lists the sessions with their counts', async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=sessions] tbody tr');
    const rows = await page.locator('[data-testid=sessions] tbody tr').allInnerTexts();
    expect(rows.some((r) => r.includes('demo (json)'))).toBe(true);
    await page.screenshot({ path: `${SHOTS}sessions.png` });
  });

  it('loads the exchange list, filters it from the URL, and opens an exchange with its events', async () => {
    await page.goto(`${server.url}#/s/${chatSession}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    expect(await page.locator('[data-testid=exchange-row]').count()).toBeGreaterThan(20);
    await page.fill('input.filter', 'method:POST');
    await page.press('input.filter', 'Enter');
    await page.waitForFunction("location.hash.includes('q=method%3APOST')");
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=exchange-row]')].every((row) => row.textContent.includes('POST'))");
    await page.goto(`${server.url}#/s/${chatSession}?q=${encodeURIComponent('href:/events')}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    const poll = page.locator('[data-testid=exchange-row]', { hasText: '⚡' }).nth(1);
    const listedCount = Number(/⚡(\d+)/.exec(await poll.innerText())?.[1]);
    await poll.click();
    await page.waitForSelector('[data-testid=events] tbody tr.event');
    expect(await page.locator('[data-testid=events] tbody tr.event').count()).toBe(listedCount);
    expect(await page.locator('[data-testid=exchange-title]').innerText()).toMatch(/^GET \/ucwa\/oauth\/v1\/applications\/.*\/events\?ack=\d+$/);
    await page.screenshot({ path: `${SHOTS}exchange.png` });
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid=exchange-list]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction('/\\/x\\/\\d+/.test(location.hash)');
  });

  it('shows each conversation\'s timeline with its states and messages', async () => {
    await page.goto(`${server.url}#/s/${chatSession}/timeline`);
    // Lanes appear as each conversation's timeline arrives (a run under load counted 2 of 4 at the first): wait for the fourth, then none beyond it.
    await page.waitForSelector('[data-testid=lane] >> nth=3', { timeout: 10_000 });
    expect(await page.locator('[data-testid=lane]').count()).toBe(4);
    const messages = await page.locator('[data-testid=messages]').allInnerTexts();
    expect(messages.join('\n')).toContain('Hi Alice, got a minute?');
    expect(messages.join('\n')).toContain('Sorry, have to drop. Bye!');
    expect(await page.locator('[data-testid=lane] rect').count()).toBeGreaterThan(8);
    // Move the conversation lane's time cursor half-way (the presence section above has its own), as dragging it would: the state at that moment appears.
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid=lane] input[type=range]');
      el.value = String(Math.floor((Number(el.min) + Number(el.max)) / 2));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    })()`);
    await page.waitForSelector('[data-testid=state-at]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=missed-chart]', { timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}timeline.png`, fullPage: true });
    // Every mark links to the exchange that caused it, even where the time cursor is drawn over it.
    const cursorLine = await page.locator('[data-testid=lane] svg line').first().boundingBox();
    const marks = page.locator('[data-testid=lane] svg a');
    let mark = marks.first();
    let box = await mark.boundingBox();
    for (let i = 0; i < (await marks.count()); i++) {
      const candidate = await marks.nth(i).boundingBox();
      if (cursorLine && candidate && candidate.x < cursorLine.x && cursorLine.x < candidate.x + candidate.width) {
        mark = marks.nth(i);
        box = candidate;
        break;
      }
    }
    const target = await mark.getAttribute('href');
    expect(target).toMatch(/^#\/s\/\d+\/x\/\d+$/);
    const under = cursorLine && box && box.x < cursorLine.x && cursorLine.x < box.x + box.width;
    await mark.click({ timeout: 10_000, ...(under && cursorLine && box ? { position: { x: cursorLine.x + cursorLine.width / 2 - box.x, y: box.height / 2 } } : {}) });
    await page.waitForSelector('[data-testid=exchange-title]', { timeout: 10_000 });
    expect(await page.evaluate('location.hash')).toBe(target);
  });

  it('draws changes that happen in the same instant', async () => {
    await page.goto(`${server.url}#/s/${sameInstantSession}/timeline`);
    await page.waitForSelector('[data-testid=lane]', { timeout: 10_000 });
    expect(await page.locator('[data-testid=lane]').count()).toBe(1);
    expect(await page.locator('[data-testid=lane] rect').count()).toBeGreaterThan(2);
    expect(await page.locator('[data-testid=messages] li').allInnerTexts()).toEqual([expect.stringMatching(/: ok$/), expect.stringMatching(/you: ok$/)]);
  });

  it('shows recorded HTML message bodies as text and runs none of them', async () => {
    await page.goto(`${server.url}#/s/${htmlSession}/timeline`);
    await page.waitForSelector('[data-testid=messages] li');
    expect(await page.locator('[data-testid=messages]').innerText()).toContain('<script>window.__xss=2</script>bold move');
    await page.goto(`${server.url}#/s/${htmlSession}?q=${encodeURIComponent('href:/events')}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    for (let i = 0; i < (await page.locator('[data-testid=exchange-row]').count()); i++) await page.locator('[data-testid=exchange-row]').nth(i).click();
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('img[src=x]').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}html-message.png` });
  });

  it('grows the timeline of a session while it records, without a reload', async () => {
    const recorder = await store.startSession({ name: 'live timeline', mode: 'reverse' });
    const traffic = makeConversationTraffic({ app: 710, conversation: 711, incomingText: 'Still there?', outgoingText: 'Yes, one moment' });
    for (const exchange of traffic.slice(0, 5)) recorder.record(exchange);
    await recorder.flush();
    await page.goto(`${server.url}#/s/${recorder.sessionId}/timeline`);
    await page.waitForSelector('text=No conversations in this session.');
    for (const exchange of traffic.slice(5)) recorder.record(exchange);
    await recorder.flush();
    await page.waitForSelector('[data-testid=lane]', { timeout: 15_000 });
    await page.waitForFunction("document.querySelector('[data-testid=messages]')?.textContent.includes('Still there?')", undefined, { timeout: 15_000 });
    await recorder.end();
  });

  it('shows exchanges recorded while the page is open, without a reload', async () => {
    const recorder = await store.startSession({ name: 'live', mode: 'reverse' });
    const traffic = makeConversationTraffic({ app: 700, conversation: 701 });
    for (const exchange of traffic.slice(0, 3)) recorder.record(exchange);
    await recorder.flush();
    await page.goto(`${server.url}#/s/${recorder.sessionId}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    expect(await page.locator('[data-testid=exchange-row]').count()).toBe(3);
    for (const exchange of traffic.slice(3, 8)) recorder.record(exchange);
    await recorder.flush();
    await page.waitForFunction("document.querySelectorAll('[data-testid=exchange-row]').length === 8", undefined, { timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}live.png` });
    await recorder.end();
  });
});

