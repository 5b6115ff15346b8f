/**
 * Chromium for browser tests: Debian's `chromium` package driven by playwright-core.
 * Outside CI a machine without it skips the browser tests with a warning; in CI (CI=true) a
 * missing browser is a failure, never a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const MISSING = `Chromium was not found at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium`;

const inCi = () => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** False only outside CI on a machine without Chromium; then the suite is skipped. */
export function shouldRunBrowserTests(): boolean {
  if (existsSync(CHROMIUM_PATH) || inCi()) return true;
  console.warn(`Skipping browser tests: ${MISSING} (with CI=true this is a failure).`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(MISSING);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
