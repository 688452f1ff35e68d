import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); playwright-core ships no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * A headless Chromium with a fresh profile inside `dataDir` and everything that would reach the network on its own
 * switched off, so a run depends on nothing but the local server.
 */
export async function launchChromium(dataDir: string, colorScheme: 'dark' | 'light'): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it with "apt-get update && apt-get install -y chromium"`);
  }
  const userDataDir = mkdtempSync(path.join(dataDir, 'chromium-profile-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1440, height: 900 },
    colorScheme,
  });
}
