import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { cssString } from './css-string.js';

/**
 * The workbench shell's selectors (Bruno's playwright page objects): services, navigation and history, the traces
 * list and span detail, pivots, the omnibox, imports, theme and screenshots. Views with more to say have their own
 * page object beside this one (sources-page.ts, waterfall-page.ts, logs-charts-page.ts, graph-page.ts, ...): when the
 * markup changes, one of them changes and the tests keep reading as user steps.
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
  /** An entry of the Loaded list (the ledger), by the status it shows. */
  loadEntries(status: string): Locator {
    return this.page.locator(`[data-testid="load-history"] [data-testid="load"][data-status="${cssString(status)}"]`);
  }

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

  async backToTraces(): Promise<void> {
    await this.page.locator('[data-testid="trace-back"]').click();
  }

  // ---- Navigation: views, history, time range, omnibox, pivots (test/e2e/pivots.e2e.test.ts) ----

  /** Which view the main area shows (graph, traces, trace, logs, charts). */
  async currentView(): Promise<string | null> {
    return this.page.locator('[data-testid="main"]').getAttribute('data-view');
  }

  async waitForView(name: string): Promise<void> {
    await this.page.locator(`[data-testid="main"][data-view="${name}"]`).waitFor();
  }

  /** The URL hash: the serialised workbench state. */
  async hash(): Promise<string> {
    return new URL(this.page.url()).hash;
  }

  historyBack(): Locator {
    return this.page.locator('[data-testid="history-back"]');
  }

  historyForward(): Locator {
    return this.page.locator('[data-testid="history-forward"]');
  }

  /** Edges of the service graph, in the order shown (slowest p95 first). */
  async loadedEdgeRows(): Promise<Locator> {
    await this.page.locator('[data-testid="edges-view"][data-status="success"]').waitFor();
    return this.page.locator('[data-testid="edge-row"]');
  }

  edgeRow(source: string, target: string): Locator {
    return this.page.locator(`[data-testid="edge-row"][data-source="${cssString(source)}"][data-target="${cssString(target)}"]`);
  }

  filterChips(): Locator {
    return this.page.locator('[data-testid="filter-chip"]');
  }

  /** The span shown in the detail pane. Its details load after the trace itself, so wait for the pane to name one. */
  async selectedSpanId(): Promise<string | null> {
    await this.page.locator('[data-testid="trace-view"][data-status="success"]').waitFor();
    await this.page.locator('[data-testid="span-detail"][data-span-id]').waitFor();
    return this.spanDetail().getAttribute('data-span-id');
  }

  spanLogsButton(): Locator {
    return this.page.locator('[data-testid="span-logs-button"]');
  }

  /** An attribute row (key and value, with its pivot menu) inside `scope`, in the table with `tableTestId`. */
  attributeRowIn(scope: Locator, tableTestId: string, key: string): Locator {
    return scope.locator(`[data-testid="${tableTestId}"] [data-testid="attribute-row"][data-key="${cssString(key)}"]`);
  }

  spanResourceRow(key: string): Locator {
    return this.attributeRowIn(this.spanDetail(), 'span-resource', key);
  }

  spanAttributeRow(key: string): Locator {
    return this.attributeRowIn(this.spanDetail(), 'span-attributes', key);
  }

  /** Opens the ⋯ menu of an attribute row and picks a pivot: other traces, logs, or group traces by the key. */
  async pivot(attributeRow: Locator, pivot: 'traces' | 'logs' | 'group'): Promise<void> {
    await attributeRow.hover();
    await attributeRow.locator('[data-testid="attribute-menu-button"]').click();
    await attributeRow.locator(`[data-testid="pivot-${pivot}"]`).click();
  }

  /** The group-by key input's suggestions: the attribute keys present in the window. */
  async groupByKeySuggestions(): Promise<string[]> {
    return this.page.locator('[data-testid="group-by-keys"] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  }

  groupByInput(): Locator {
    return this.page.locator('[data-testid="group-by-input"]');
  }

  async loadedAttributeGroups(): Promise<Locator> {
    await this.page.locator('[data-testid="attribute-groups"]').waitFor();
    return this.page.locator('[data-testid="attribute-group"]');
  }

  /** Opens the omnibox with its keyboard shortcut and types `text`; resolves once its answer for `text` is shown. */
  async omniboxType(text: string): Promise<Locator> {
    await this.page.keyboard.press('Control+k');
    const input = this.page.locator('[data-testid="omnibox-input"]');
    await input.waitFor();
    await input.fill(text);
    await this.page.locator('[data-testid="omnibox-options"][data-status="ready"] [data-testid="omnibox-option"]').first().waitFor();
    return this.page.locator('[data-testid="omnibox-option"]');
  }

  async omniboxEnter(): Promise<void> {
    await this.page.locator('[data-testid="omnibox-input"]').press('Enter');
    await this.page.locator('[data-testid="omnibox"]').waitFor({ state: 'detached' });
  }

  timePicker(): Locator {
    return this.page.locator('[data-testid="time-picker"]');
  }

  /** Picks files through the hidden <input type=file>, as the "Import files…" button's dialog would. */
  async importFiles(filePaths: string[]): Promise<void> {
    await this.page.locator('[data-testid="import-input"]').setInputFiles(filePaths);
  }

  importJob(fileName: string): Locator {
    return this.page.locator(`[data-testid="import-job"][data-file="${cssString(fileName)}"]`);
  }

  /**
   * Waits until the job for `fileName` has finished one way or the other, and returns its final state. Once every
   * import has succeeded the panel folds into a pill: this unfolds it to read the row.
   */
  async waitForImportEnd(fileName: string): Promise<string> {
    const job = this.importJob(fileName);
    const ended = job.and(this.page.locator('[data-state="done"], [data-state="failed"]'));
    await ended.or(this.importPill()).first().waitFor();
    if (await this.importPill().isVisible()) await this.importPill().click();
    await ended.waitFor();
    return (await job.getAttribute('data-state')) ?? '';
  }

  /** The import panel folded into a small button (every import succeeded, or the user hid it). */
  importPill(): Locator {
    return this.page.locator('[data-testid="import-pill"]');
  }

  importPanel(): Locator {
    return this.page.locator('[data-testid="import-panel"]');
  }

  importFold(): Locator {
    return this.page.locator('[data-testid="import-fold"]');
  }

  /** The sidebar's Loaded list rows of failed loads, each with its error and a dismiss button. */
  failedLoads(): Locator {
    return this.page.locator('[data-testid="load-history"] [data-testid="load"][data-status="failed"]');
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
