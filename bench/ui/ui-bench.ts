/**
 * The inspector at scale: a session of 1,000,000 exchanges (UI_BENCH_EXCHANGES to change it)
 * served by a real `ucwa-inspector ui` process, shown in Debian's Chromium: first rows, jump to
 * the end, a conversation's timeline, and the peak memory of the `ui` process; plus API latency.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DERIVATION_VERSION } from '../../protocol/derive/derive-exchange.ts';
import { SCHEMA_VERSION } from '../../storage/migrations.ts';
import { RecordingStore } from '../../storage/recording-store.ts';
import { recordBigSession } from '../../test/support/big-session.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../test/support/browser.ts';
import { median, type Bench, type BenchRow } from '../bench-section.ts';

const SIZE = Number(process.env['UI_BENCH_EXCHANGES'] ?? 1_000_000);
const FLOWS = 200;

async function timed(work: () => Promise<unknown>, rounds: number): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return Math.round(median(samples));
}

/** Median of what `work` itself reports, after a warm-up: for steps that need setting up before the timed part. */
async function measured(work: () => Promise<number>, rounds: number): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) samples.push(await work());
  return Math.round(median(samples));
}

/** The big session's file, built once and kept (building a million exchanges takes minutes). */
async function bigSessionFile(): Promise<string> {
  const dir = join(tmpdir(), 'ucwa-inspector-bench');
  // Named by the schema and derivation versions: a format change builds a new file instead of serving a stale one.
  const file = join(dir, `ui-${SIZE}-s${SCHEMA_VERSION}-d${DERIVATION_VERSION}.db`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const building = `${file}.building`;
  rmSync(building, { force: true });
  const store = RecordingStore.open(building, { create: true });
  await recordBigSession(store, { exchanges: SIZE, flows: FLOWS, name: `${SIZE.toLocaleString('en')} exchanges` });
  store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  renameSync(building, file);
  return file;
}

async function startUi(file: string): Promise<{ child: ChildProcess; url: string }> {
  const bin = fileURLToPath(new URL('../../bin/ucwa-inspector.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'ui', '--db', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /^ui: (\S+)$/m.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`ucwa-inspector ui exited with ${code}: ${out}`)));
  });
  return { child, url };
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export const uiBench: Bench = {
  name: 'ui',
  async run() {
    const rows: BenchRow[] = [];
    const size = SIZE.toLocaleString('en');
    const file = await bigSessionFile();
    const { child, url } = await startUi(file);
    try {
      const api = async (path: string): Promise<unknown> => {
        const response = await fetch(`${url}${path}`);
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        return response.json();
      };
      const [session] = (await api('api/sessions')) as { id: number }[];
      const id = session?.id ?? 1;
      const gets = ((await api(`api/sessions/${id}/window?offset=0&limit=1&q=${encodeURIComponent('method:GET')}`)) as { total: number }).total;
      for (const [name, path] of [
        ['first 100 rows', `api/sessions/${id}/window?offset=0&limit=100`],
        ['last 100 rows', `api/sessions/${id}/window?offset=${SIZE - 100}&limit=100`],
        [`100 rows half-way through the ${gets.toLocaleString('en')} of method:GET`, `api/sessions/${id}/window?offset=${Math.floor(gets / 2)}&limit=100&q=${encodeURIComponent('method:GET')}`],
        ["a conversation's timeline", `api/sessions/${id}/conversations/${FLOWS}/timeline`],
      ] as const) {
        const ms = await timed(() => api(path), 9);
        rows.push({ metric: `API at ${size} exchanges: ${name}`, value: ms, unit: 'ms', aim: '< 100 ms', met: ms < 100 });
      }
      if (!existsSync(CHROMIUM_PATH)) {
        rows.push({ metric: `browser: skipped, ${CHROMIUM_PATH} not installed (apt-get install -y chromium)`, value: 0, unit: '' });
      } else {
        execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url)), 'build', '--config', 'inspector-ui.vite.config.ts', '--logLevel', 'error'], { env: { ...process.env, NODE_ENV: 'production' } });
        const { chromium } = await import('playwright-core');
        const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
        try {
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
          const errors: string[] = [];
          page.on('pageerror', (error) => errors.push(error.message));
          const first = await timed(async () => {
            await page.goto('about:blank');
            await page.goto(`${url}#/s/${id}`);
            await page.waitForSelector('[data-testid=exchange-row]');
          }, 5);
          rows.push({ metric: `browser: first rows of a ${size}-exchange session (navigation to rows on screen)`, value: first, unit: 'ms', aim: '< 500 ms', met: first < 500 });
          const toEnd = await measured(async () => {
            await page.click('[data-testid=to-start]');
            await page.waitForSelector('[data-testid=exchange-row][data-id]');
            const start = performance.now();
            await page.click('[data-testid=to-end]');
            await page.waitForFunction(`document.querySelector('[data-testid=total]').innerText.includes('–${size}')  && document.querySelectorAll('[data-testid=row-loading]').length === 0`);
            return performance.now() - start;
          }, 5);
          rows.push({ metric: 'browser: jump to the end (from the list at its start: click on end to the last rows drawn)', value: toEnd, unit: 'ms', aim: '< 500 ms', met: toEnd < 500 });
          const timeline = await timed(async () => {
            await page.goto('about:blank');
            await page.goto(`${url}#/s/${id}/timeline`);
            await page.waitForSelector('[data-testid=messages] li');
          }, 5);
          rows.push({ metric: `browser: a conversation's timeline in the ${size}-exchange session (navigation to its first lane's messages)`, value: timeline, unit: 'ms', aim: '< 1000 ms', met: timeline < 1000 });
          rows.push({ metric: 'browser: page errors during the run', value: errors.length, unit: 'errors', aim: '0', met: errors.length === 0 });
        } finally {
          await browser.close();
        }
      }
      const rss = peakRssMb(child.pid as number);
      rows.push({ metric: 'peak memory of the `ui` process (VmHWM)', value: rss, unit: 'MB', aim: '< 300 MB', met: rss < 300 });
    } finally {
      child.kill('SIGINT');
    }
    return {
      name: 'ui',
      title: 'Inspector UI (inspector-ui/)',
      method: `A ${size}-exchange session built by test/support/big-session.ts (${FLOWS} realistic conversation flows of test/support/ucwa-traffic.ts spread through it, the rest reportMyActivity POSTs; all derived; cached at ${join(tmpdir(), 'ucwa-inspector-bench')}), served by a real \`ucwa-inspector ui\` process. API: median of 9 fetches after a warm-up. Browser: Debian Chromium headless through playwright-core, median of 5 after a warm-up (the jump: the list at its start, then the click on "end" until the last rows are drawn). Memory: the ui process's peak resident set (VmHWM) after all of the above.`,
      rows,
    };
  },
};
