/**
 * Launches Debian's Chromium through playwright-core for browser tests. Where CI=true a missing
 * browser fails the run; elsewhere the suite is skipped with one line saying how to install it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
