/**
 * The inspector: API latency for a filtered page of exchanges at 1,000,000 exchanges, and the
 * time for the browser (Debian's Chromium) to show the first page of exchanges of a session
 * from navigation, against the time to fetch the same page directly, measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInspectorApp, startInspectorServer } from '../../inspector-ui/server/index.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/browser.ts';
import { makeConversationTraffic } from '../../test/support/ucwa-traffic.ts';
import { median, type Bench, type BenchRow } from '../bench-section.ts';
import { bigRecording } from '../storage/storage-bench.ts';

const SESSION = 100_000;

async function timed(work: () => Promise<unknown>, rounds: number): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples) * 100) / 100;
}

export const uiBench: Bench = {
  name: 'ui',
  async run() {
    const rows: BenchRow[] = [];
    const big = await bigRecording();
    try {
      const app = createInspectorApp({ store: big.store });
      for (const [name, q] of [['no filter', ''], ['method:POST status:2xx', 'method:POST status:2xx'], ['rel:conversation', 'rel:conversation'], ['"Message number 77"', '"Message number 77"']] as const) {
        const ms = await timed(async () => (await app.request(`/api/sessions/${big.sessionId}/exchanges?limit=100${q ? `&q=${encodeURIComponent(q)}` : ''}`)).json(), 15);
        rows.push({ metric: `API page of 100 exchanges at 1,000,000, ${name}`, value: ms, unit: 'ms', aim: '< 50 ms', met: ms < 50 });
      }
    } finally {
      big.store.close();
    }
    if (!existsSync(CHROMIUM_PATH)) {
      rows.push({ metric: `browser first page: skipped, ${CHROMIUM_PATH} not installed (apt-get install -y chromium)`, value: 0, unit: '' });
    } else {
      execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--config', 'inspector-ui.vite.config.ts', '--logLevel', 'error']);
      const dir = mkdtempSync(join(tmpdir(), 'ucwa-bench-ui-'));
      const store = RecordingStore.open(join(dir, 'ui.db'), { create: true });
      const recorder = await store.startSession({ name: 'hundred thousand', mode: 'reverse' }, { thread: false, batch: { maxExchanges: 5000 } });
      for (let flow = 0, n = 0; n < SESSION; flow++) for (const exchange of makeConversationTraffic({ app: 1000 + flow, conversation: 5000 + flow })) if (n++ < SESSION) recorder.record(exchange);
      await recorder.end({ waitForDerivation: false });
      const server = await startInspectorServer({ store });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const show = await timed(async () => {
          await page.goto('about:blank');
          await page.goto(`${server.url}#/s/${recorder.sessionId}`);
          await page.waitForSelector('[data-testid=exchange-row]');
        }, 5);
        const fetchOnly = await timed(async () => (await fetch(`${server.url}api/sessions/${recorder.sessionId}/exchanges?limit=200`)).json(), 5);
        rows.push({ metric: `browser shows the first page of a ${SESSION.toLocaleString('en')}-exchange session (navigation to rows on screen)`, value: show, unit: 'ms', baseline: { name: 'fetching that page alone', value: fetchOnly } });
        await page.goto(`${server.url}#/s/${recorder.sessionId}`);
        await page.waitForSelector('[data-testid=exchange-row]');
        // Scroll by 100 rows and wait for the frame that shows them.
        const scroll = await timed(() => page.evaluate(`new Promise((resolve) => { document.querySelector('[data-testid=exchange-list]').scrollTop += 2400; requestAnimationFrame(() => requestAnimationFrame(resolve)); })`), 20);
        rows.push({ metric: 'scrolling the virtualized list by 100 rows (script to settled frame)', value: scroll, unit: 'ms' });
      } finally {
        await browser.close();
        await server.close();
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return {
      name: 'ui',
      title: 'Inspector UI (inspector-ui/)',
      method: 'API: createInspectorApp on the 1,000,000-exchange recording of the storage bench, `app.request()` for a page of 100 with each filter, median of 15 after a warm-up (in process: no network). Browser: Debian Chromium headless through playwright-core, from navigation to the first exchange rows on screen for a 100,000-exchange session (recorded with derivation left to run later), median of 5; baseline: fetching the same page of 200 rows from the API alone.',
      rows,
    };
  },
};
