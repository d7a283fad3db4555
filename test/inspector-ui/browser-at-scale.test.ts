import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInspectorServer, type RunningInspector } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { recordBigSession, type BigSession } from '../support/big-session.ts';
import { announceBrowserSkip, browserTestsEnabled, buildInspectorApp, useBrowserPage } from '../support/browser.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeConversationTraffic } from '../support/ucwa-traffic.ts';

announceBrowserSkip();
const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const tmp = makeTempDir('ucwa-ui-scale-');
const BIG = 100_000;

describe.runIf(browserTestsEnabled)('the inspector in a browser, at scale and explaining UCWA', () => {
  let store: RecordingStore;
  let server: RunningInspector;
  const browserPage = useBrowserPage({ width: 1400, height: 860 });
  let page: Page;
  let big: BigSession;
  let chat: number;

  beforeAll(async () => {
    // Its own build folder: the other browser suite builds the app at the same time.
    const dist = tmp.path('dist');
    buildInspectorApp(dist);
    mkdirSync(SHOTS, { recursive: true });
    store = RecordingStore.open(tmp.path('scale.db'), { create: true });
    const recorder = await store.startSession({ name: 'one chat', mode: 'reverse' }, { thread: false });
    for (const exchange of makeConversationTraffic({ app: 300, conversation: 137, incomingText: 'Hi Alice, got a minute?' })) recorder.record(exchange);
    await recorder.end();
    chat = recorder.sessionId;
    big = await recordBigSession(store, { exchanges: BIG, flows: 20, name: 'a hundred thousand' });
    server = await startInspectorServer({ store, distDir: `${dist}/` });
    page = browserPage.page;
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    store?.close();
    tmp.cleanup();
  });


  it('shows the total of a 100,000-exchange session and reaches its end', async () => {
    await page.goto(`${server.url}#/s/${big.sessionId}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    expect(await page.locator('[data-testid=total]').innerText()).toContain('100,000 exchanges');
    await page.click('[data-testid=to-end]');
    const last = store.exchangeWindow({ sessionId: big.sessionId, filter: {}, offset: BIG - 1, limit: 1 }).items[0]?.id;
    await page.waitForFunction(`document.querySelector('[data-testid=exchange-row][data-id="${last}"]') !== null`, undefined, { timeout: 15_000 });
    expect(await page.locator('[data-testid=total]').innerText()).toContain('–100,000');
    // The scrollbar spans the whole session: at its end, the content is scrolled all the way.
    const bar = await page.locator('[data-testid=exchange-list]').evaluate((el) => ({ height: el.scrollHeight, bottom: el.scrollTop + el.clientHeight }));
    expect(bar.height).toBeGreaterThan(BIG * 20);
    expect(bar.bottom).toBeGreaterThan(bar.height - 30);
    await page.screenshot({ path: `${SHOTS}big-session-end.png` });
  });

  it('lands a deep link on its row deep in the session, and ↓ continues from it', async () => {
    const [target] = store.exchangeWindow({ sessionId: big.sessionId, filter: {}, offset: 99_990, limit: 1 }).items;
    await page.goto(`${server.url}#/s/${big.sessionId}/x/${target?.id}`);
    await page.waitForSelector(`[data-testid=exchange-row][data-id="${target?.id}"].sel`, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=exchange-title]');
    await page.locator('[data-testid=exchange-list]').focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(`location.hash === '#/s/${big.sessionId}/x/${(target?.id ?? 0) + 1}'`, undefined, { timeout: 10_000 });
    await page.waitForSelector(`[data-testid=exchange-row][data-id="${(target?.id ?? 0) + 1}"].sel`);
  });

  it('jumps to an exchange id and to a time typed in the go-to box', async () => {
    await page.goto(`${server.url}#/s/${big.sessionId}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    const [middle] = store.exchangeWindow({ sessionId: big.sessionId, filter: {}, offset: 50_000, limit: 1 }).items;
    await page.fill('input.jump', String(middle?.id));
    await page.press('input.jump', 'Enter');
    await page.waitForSelector(`[data-testid=exchange-row][data-id="${middle?.id}"].sel`, { timeout: 15_000 });
    const lastFlowAt = new Date(big.startedAtMs + (big.conversations.length - 1) * 10_000).toISOString();
    await page.fill('input.jump', lastFlowAt);
    await page.press('input.jump', 'Enter');
    const expected = store.positionOf(big.sessionId, {}, { atMs: Date.parse(lastFlowAt) }) ?? 0;
    const atTime = store.exchangeWindow({ sessionId: big.sessionId, filter: {}, offset: expected, limit: 1 }).items[0]?.id;
    await page.waitForFunction(`document.querySelector('[data-testid=exchange-row][data-id="${atTime}"]') !== null`, undefined, { timeout: 15_000 });
    // The row of that moment is on screen, inside the list's viewport.
    const row = await page.locator(`[data-testid=exchange-row][data-id="${atTime}"]`).boundingBox();
    const list = await page.locator('[data-testid=exchange-list]').boundingBox();
    expect(row && list && row.y >= list.y && row.y + row.height <= list.y + list.height).toBe(true);
  });

  it("draws a conversation's timeline in the big session without folding the whole session", async () => {
    await page.goto(`${server.url}#/s/${big.sessionId}/timeline`);
    await page.waitForSelector('[data-testid=lane]', { timeout: 20_000 });
    expect(await page.locator('[data-testid=conversations] tbody tr').first().innerText()).toContain('5000');
    await page.waitForFunction("[...document.querySelectorAll('[data-testid=messages]')].some((m) => m.textContent.includes('Hi Alice, number 0 here'))", undefined, { timeout: 20_000 });
    expect(await page.locator('[data-testid=lane]').count()).toBe(8);
    expect(await page.locator('text=Missed items are drawn for sessions up to').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}big-session-timeline.png` });
  });

  it('filters by conv:NNN, names an unknown field, and clears the error once fixed', async () => {
    await page.goto(`${server.url}#/s/${chat}?q=${encodeURIComponent('conv:137')}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    expect(await page.locator('[data-testid=total]').innerText()).toMatch(/^9 exchanges/);
    await page.fill('input.filter', 'foo:bar');
    await page.press('input.filter', 'Enter');
    expect(await page.locator('[data-testid=problem]').innerText()).toContain('"foo:" is not a filter field');
    await page.fill('input.filter', 'method:POST');
    await page.press('input.filter', 'Enter');
    await page.waitForFunction("location.hash.includes('q=method%3APOST')");
    await page.waitForSelector('[data-testid=exchange-row]');
    expect(await page.locator('[data-testid=problem]').count()).toBe(0);
  });

  it('says in each row what happened, and in an event how its resource changed', async () => {
    await page.goto(`${server.url}#/s/${chat}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    const rows = await page.locator('[data-testid=exchange-row]').allInnerTexts();
    expect(rows.some((r) => r.includes("message 'Hi Alice, got a minute?'"))).toBe(true);
    expect(rows.some((r) => r.includes('sendMessage on conversation 137 → created'))).toBe(true);
    await page.locator('[data-testid=exchange-row]', { hasText: "message 'Hi Alice, got a minute?'" }).click();
    await page.waitForSelector('[data-testid=event-change]');
    expect((await page.locator('[data-testid=event-change]').allInnerTexts()).join('\n')).toContain('+state: Connecting');
    // The request comes before the response.
    const order = await page.locator('h4').allInnerTexts();
    expect(order.findIndex((h) => h.startsWith('Request headers'))).toBeLessThan(order.findIndex((h) => h.startsWith('Events')));
    await page.screenshot({ path: `${SHOTS}exchange-events.png` });
    await page.click('[data-testid=timeline-at]');
    await page.waitForSelector('[data-testid=state-at]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=state-at]').first().innerText()).toMatch(/messaging Connecting, 1 messages/);
  });

  it('draws a conversation as a sequence diagram whose arrows link to their exchanges, and exports it as SVG', async () => {
    await page.goto(`${server.url}#/s/${chat}/sequence?q=${encodeURIComponent('conv:137')}`);
    await page.waitForSelector('[data-testid=sequence-arrow]');
    // 9 exchanges of the conversation: a request and an answer each (the last poll was reset: an answer too).
    expect(await page.locator('[data-testid=sequence-arrow]').count()).toBe(18);
    const labels = await page.locator('[data-testid=sequence] text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['client', 'server', 'event channel']));
    expect(labels.some((l) => l.startsWith('⚡5 messaging updated'))).toBe(true);
    expect(await page.locator('[data-testid=sequence] rect').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}sequence.png` });
    const download = page.waitForEvent('download');
    await page.click('[data-testid=sequence-svg]');
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const target = await page.locator('[data-testid=sequence-arrow]').nth(3).getAttribute('href');
    await page.locator('[data-testid=sequence-arrow]').nth(3).locator('line').click({ force: true });
    await page.waitForFunction(`location.hash === ${JSON.stringify(target)}`);
  });

  it("puts the UCWA reference of a response's rel at hand", async () => {
    const conversationGet = store.exchangeWindow({ sessionId: chat, filter: { method: 'GET', hrefContains: '/conversations/137' }, offset: 0, limit: 50 }).items.find((x) => x.url.endsWith('/conversations/137'));
    await page.goto(`${server.url}#/s/${chat}/x/${conversationGet?.id}`);
    await page.waitForSelector('[data-testid=reference]');
    expect(await page.locator('[data-testid=reference] summary').innerText()).toMatch(/^Reference: conversation \(.+\) · \d+ properties, \d+ links documented/);
    await page.locator('[data-testid=reference] summary').click();
    await page.waitForSelector('[data-testid=reference-properties]');
    expect(await page.locator('[data-testid=reference-properties]').innerText()).toContain('subject');
    await page.screenshot({ path: `${SHOTS}reference.png` });
  });

  it('shows an image body as the image', async () => {
    await page.goto(`${server.url}#/s/${chat}?q=${encodeURIComponent('href:/photos/')}`);
    await page.waitForSelector('[data-testid=exchange-row]');
    await page.locator('[data-testid=exchange-row]').first().click();
    await page.waitForSelector('[data-testid=response-image]');
    expect(await page.locator('[data-testid=response-image]').evaluate((img) => (img as unknown as { complete: boolean }).complete)).toBe(true);
  });

  it('adds a session to the sessions page while it is open', async () => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=sessions] tbody tr');
    const before = await page.locator('[data-testid=sessions] tbody tr').count();
    const recorder = await store.startSession({ name: 'started while watching', mode: 'reverse' }, { thread: false });
    for (const exchange of makeConversationTraffic({ app: 301, conversation: 140 }).slice(0, 4)) recorder.record(exchange);
    await recorder.flush();
    await page.waitForSelector('text=started while watching', { timeout: 15_000 });
    expect(await page.locator('[data-testid=sessions] tbody tr').count()).toBe(before + 1);
    await page.screenshot({ path: `${SHOTS}sessions-live.png` });
    await recorder.end();
  });
});
