import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { openCore, type Core } from '../../electron/core/core.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { launchChromium } from './chromium.js';
import { WorkbenchPage } from './workbench-page.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = path.join(repoRoot, 'dist/renderer');
const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

/** Browser start, demo load and imports take seconds each; the default 5 s would flake on a busy machine. */
export const E2E_TIMEOUT_MS = 120_000;

export interface WorkbenchSession {
  dataDir: string;
  core: Core;
  server: WebServer;
  context: BrowserContext;
  page: Page;
  workbench: WorkbenchPage;
  /** Uncaught exceptions and console errors from the page, so a test can insist there were none. */
  browserErrors: string[];
  close(): Promise<void>;
}

/**
 * The real thing end to end: the core over a fresh database in a fresh temp folder, the web server on a free port
 * serving the built renderer, and a headless Chromium with its own profile. The tests build nothing: `npm test`
 * builds the renderer first.
 */
export async function startWorkbenchSession(options: {
  loadDemo: boolean;
  colorScheme?: 'dark' | 'light';
  /** Prepares the cache file before the core opens it (e.g. a load left by a killed process). */
  seed?: (databasePath: string) => void | Promise<void>;
}): Promise<WorkbenchSession> {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`${rendererDir} is not built: run "npm run build:renderer" (npm test does it before vitest)`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'casefile-e2e-'));
  const uploadDir = path.join(dataDir, 'uploads');
  mkdirSync(uploadDir);
  await options.seed?.(path.join(dataDir, 'cache.sqlite'));
  const core = await openCore({ databasePath: path.join(dataDir, 'cache.sqlite'), mode: 'web', loadDemoIfEmpty: options.loadDemo });
  const server = await startWebServer({ handlers: core.handlers, port: 0, staticDir: rendererDir, uploadDir, downloadDir: core.downloadDir });
  const context = await launchChromium(dataDir, options.colorScheme ?? 'dark');
  const page = context.pages()[0] ?? (await context.newPage());
  const browserErrors: string[] = [];
  page.on('pageerror', (error) => browserErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(message.text());
  });
  return {
    dataDir,
    core,
    server,
    context,
    page,
    workbench: new WorkbenchPage(page, screenshotDir),
    browserErrors,
    async close() {
      await context.close();
      await server.close();
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
