import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * Every selector the end-to-end tests use, in one place (Bruno's playwright page objects): when the markup changes,
 * this file changes and the tests keep reading as user steps.
 */
export class WorkbenchPage {
  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /** The app's explicit "loaded" signal: the service panel's query settled successfully. */
  async waitForServicesLoaded(): Promise<void> {
    await this.page.locator('[data-testid="service-panel"][data-status="success"]').waitFor();
  }

  serviceItem(name: string): Locator {
    return this.page.locator(`[data-testid="service-item"][data-service="${cssString(name)}"]`);
  }

  emptyServicesMessage(): Locator {
    return this.page.locator('[data-testid="service-panel"] [data-testid="empty-state"]');
  }

  /** The service panel's error state in another tab (e.g. one opened without the token). */
  serviceErrorIn(page: Page): Locator {
    return page.locator('[data-testid="service-panel"] [data-testid="error-state"]');
  }

  async serviceNames(): Promise<string[]> {
    const items = await this.page.locator('[data-testid="service-item"]').all();
    return Promise.all(items.map(async (item) => (await item.getAttribute('data-service')) ?? ''));
  }

  /** A view from the left navigation: graph, traces, logs or charts. */
  async openView(name: 'graph' | 'traces' | 'logs' | 'charts'): Promise<void> {
    await this.page.locator(`[data-testid="nav-${name}"]`).click();
    await this.page.locator(`[data-testid="main"][data-view="${name}"]`).waitFor();
  }

  async selectService(name: string): Promise<void> {
    await this.serviceItem(name).click();
  }

  /** Trace rows once the list for the current selection has loaded. */
  async loadedTraceRows(): Promise<Locator> {
    await this.page.locator('[data-testid="trace-list"][data-status="success"]').waitFor();
    return this.page.locator('[data-testid="trace-row"]');
  }

  firstErrorTraceRow(): Locator {
    return this.page.locator('[data-testid="trace-row"][data-error="true"]').first();
  }

  async openTrace(row: Locator): Promise<string> {
    const traceId = await row.getAttribute('data-trace-id');
    await row.click();
    await this.page.locator('[data-testid="trace-view"][data-status="success"]').waitFor();
    // The waterfall fetches its rows after the layout: wait until the first is drawn.
    await this.page.locator('[data-testid="span-row"]').first().waitFor();
    return traceId ?? '';
  }

  spanRows(): Locator {
    return this.page.locator('[data-testid="span-row"]');
  }

  spanRowsOf(service: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-service="${cssString(service)}"]`);
  }

  erroringSpanRowOf(service: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-service="${cssString(service)}"][data-error="true"]`).first();
  }

  errorMarkerIn(row: Locator): Locator {
    return row.locator('[data-testid="span-error-marker"]');
  }

  spanDetail(): Locator {
    return this.page.locator('[data-testid="span-detail"]');
  }

  spanStatus(): Locator {
    return this.spanDetail().locator('[data-testid="span-status"]');
  }

  spanAttribute(key: string): Locator {
    return this.spanDetail().locator(`[data-testid="span-attributes"] [data-testid="attribute-row"][data-key="${cssString(key)}"] [data-testid="attribute-value"]`);
  }

  async waitForTraceLogs(): Promise<void> {
    await this.page.locator('[data-testid="trace-logs"][data-status="success"]').waitFor();
  }

  errorLogRows(): Locator {
    return this.page.locator('[data-testid="log-row"][data-severity="error"]');
  }

  /** Error logs whose body has more than one line (stack traces), shown collapsed. */
  errorLogRowsWithMoreLines(): Locator {
    return this.errorLogRows().filter({ has: this.page.locator('[data-testid="log-expand"]') });
  }

  logExpandButtonIn(row: Locator): Locator {
    return row.locator('[data-testid="log-expand"]');
  }

  logFullBodyIn(row: Locator): Locator {
    return row.locator('[data-testid="log-body-full"]');
  }

  async backToTraces(): Promise<void> {
    await this.page.locator('[data-testid="trace-back"]').click();
  }

  /** Picks files through the hidden <input type=file>, as the "Import files…" button's dialog would. */
  async importFiles(filePaths: string[]): Promise<void> {
    await this.page.locator('[data-testid="import-input"]').setInputFiles(filePaths);
  }

  importJob(fileName: string): Locator {
    return this.page.locator(`[data-testid="import-job"][data-file="${cssString(fileName)}"]`);
  }

  /** Waits until the job for `fileName` has finished one way or the other, and returns its final state. */
  async waitForImportEnd(fileName: string): Promise<string> {
    const job = this.importJob(fileName);
    await job.and(this.page.locator('[data-state="done"], [data-state="failed"]')).waitFor();
    return (await job.getAttribute('data-state')) ?? '';
  }

  importErrorOf(fileName: string): Locator {
    return this.importJob(fileName).locator('[data-testid="import-error"]');
  }

  dropOverlay(): Locator {
    return this.page.locator('[data-testid="drop-overlay"]');
  }

  /** Starts dragging a file over the window, as the OS does when a file is dragged in from a file manager. */
  async dragFileOver(fileName: string, content: string): Promise<void> {
    await this.dispatchFileDrag(['dragenter', 'dragover'], fileName, content);
  }

  async dropFile(fileName: string, content: string): Promise<void> {
    await this.dispatchFileDrag(['dragover', 'drop'], fileName, content);
  }

  /** Playwright cannot drag from outside the page, so the events are built in the page with a real DataTransfer. */
  private async dispatchFileDrag(types: string[], fileName: string, content: string): Promise<void> {
    await this.page.evaluate(
      ({ types, fileName, content }) => {
        // This runs in the page; the tests compile without DOM types, so the few globals used are typed here.
        const page = globalThis as unknown as DragGlobals;
        const dataTransfer = new page.DataTransfer();
        dataTransfer.items.add(new page.File([content], fileName, { type: 'application/json' }));
        for (const type of types) {
          page.document.body.dispatchEvent(new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
        }
      },
      { types, fileName, content },
    );
  }

  themeToggle(): Locator {
    return this.page.locator('[data-testid="theme-toggle"]');
  }

  async currentTheme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }

  /** The theme saved in localStorage (an expression string: the tests compile without DOM types). */
  async savedTheme(): Promise<string | null> {
    return this.page.evaluate<string | null>('localStorage.getItem("casefile.theme")');
  }

  async setTheme(theme: 'dark' | 'light'): Promise<void> {
    if ((await this.currentTheme()) !== theme) await this.themeToggle().click();
    await this.page.locator(`html[data-theme="${theme}"]`).waitFor({ state: 'attached' });
  }

  screenshotPath(name: string): string {
    return path.join(this.screenshotDir, `${name}.png`);
  }

  async screenshot(name: string): Promise<string> {
    const file = this.screenshotPath(name);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/** The browser globals dispatchFileDrag uses, for code that runs in the page but compiles against Node types. */
interface DragGlobals {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown;
  document: { body: { dispatchEvent(event: unknown): boolean } };
}

/** Escapes a value for use inside a double-quoted CSS attribute selector. */
function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
