/**
 * Launches Debian's Chromium through playwright-core for browser tests. Where CI=true a missing
 * browser fails the run; elsewhere the suite is skipped with one line saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Whether browser suites run here: always in CI (failing if the browser is missing), else only when Chromium is installed. */
export const browserTestsEnabled = inCi || existsSync(CHROMIUM_PATH);

let announced = false;
/** Call at the top of a browser suite file; prints the skip line once per process when disabled. */
export function announceBrowserSkip(): void {
  if (!browserTestsEnabled && !announced) {
    announced = true;
    console.log(`browser tests skipped: ${CHROMIUM_PATH} not found; install it with \`apt-get install -y chromium\`.`);
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need ${CHROMIUM_PATH} (CI=true makes them mandatory); install it with \`apt-get install -y chromium\`.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

/**
 * Builds the inspector app as users get it (Vitest sets NODE_ENV=test, which would build Svelte's
 * development runtime). Give each suite its own `outDir`: suites build at the same time.
 */
export function buildInspectorApp(outDir?: string): void {
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  const out = outDir === undefined ? [] : ['--outDir', outDir];
  execFileSync(process.execPath, [vite, 'build', '--config', 'inspector-ui.vite.config.ts', ...out, '--logLevel', 'error'], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/**
 * A Chromium page for one browser suite: call it inside the suite's `describe`. The page is open
 * before the suite's own `beforeAll` runs and closed after the suite; any uncaught error in the
 * page fails the test that caused it, with its message.
 */
export function useBrowserPage(viewport: { readonly width: number; readonly height: number }): { readonly page: Page } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get page(): Page {
      if (page === undefined) throw new Error('useBrowserPage: the page is opened in beforeAll; read it in a hook or a test');
      return page;
    },
  };
}
