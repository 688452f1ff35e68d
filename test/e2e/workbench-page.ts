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

  /** The trace view's logs follow the selected span; this widens them to the whole trace. */
  async showWholeTraceLogs(): Promise<void> {
    const scope = this.page.locator('[data-testid="trace-logs-scope"]');
    if ((await this.page.locator('[data-testid="trace-logs"][data-scope="span"]').count()) > 0) await scope.click();
    await this.page.locator('[data-testid="trace-logs"][data-scope="trace"]').waitFor();
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

  /** The span the trace view has selected (its detail pane), once the trace has loaded. */
  /** The span shown in the detail pane. Its details load after the trace itself, so wait for the pane to name one. */
  async selectedSpanId(): Promise<string | null> {
    await this.page.locator('[data-testid="trace-view"][data-status="success"]').waitFor();
    await this.page.locator('[data-testid="span-detail"][data-span-id]').waitFor();
    return this.spanDetail().getAttribute('data-span-id');
  }

  spanLogsButton(): Locator {
    return this.page.locator('[data-testid="span-logs-button"]');
  }

  /** Rows of the logs view (correlated logs, or the attribute search list) once it has loaded. */
  async loadedLogRows(): Promise<Locator> {
    await this.page
      .locator('[data-testid="logs-view"][data-status="success"], [data-testid="log-search-view"][data-status="success"]')
      .waitFor();
    return this.page.locator('[data-testid="log-row"]');
  }

  /** Log ids of the rows shown, optionally only those tied to the span itself (not by trace or service and time). */
  async logIds(rows: Locator): Promise<number[]> {
    return rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-log-id'))));
  }

  spanCorrelatedLogRows(): Locator {
    return this.page.locator('[data-testid="log-row"][data-correlation="span"]');
  }

  /** Opens a log's detail (attributes and resource) by clicking its row. */
  async openLog(row: Locator): Promise<Locator> {
    await row.click();
    const detail = this.page.locator('[data-testid="log-detail"]').first();
    await detail.waitFor();
    return detail;
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

  // ---- Live sources (renderer/src/views/sources/, test/e2e/sources.e2e.test.ts) ----

  async openSources(): Promise<void> {
    await this.page.locator('[data-testid="nav-sources"]').click();
    await this.page.locator('[data-testid="sources-view"][data-status="success"]').waitFor();
  }

  sourceForm(): Locator {
    return this.page.locator('[data-testid="source-form"]');
  }

  async startAddingSource(): Promise<void> {
    const add = this.page.locator('[data-testid="source-add"]');
    if (await add.isVisible()) await add.click();
    await this.sourceForm().waitFor();
  }

  /** Picks a kind and types the connection fields of the add-source form. */
  async fillSource(source: { kind: string; name?: string; url?: string; timeoutSeconds?: string }): Promise<void> {
    const form = this.sourceForm();
    // The radio itself is visually hidden inside its card: click the card, as a user does.
    await form.locator('label.kind-option', { has: this.page.locator(`[data-testid="source-kind-${cssString(source.kind)}"]`) }).click();
    if (source.name !== undefined) await form.locator('[data-testid="source-name"]').fill(source.name);
    if (source.url !== undefined) await form.locator('[data-testid="source-url"]').fill(source.url);
    if (source.timeoutSeconds !== undefined) await form.locator('[data-testid="source-timeoutMs"]').fill(source.timeoutSeconds);
  }

  sourceField(testId: string): Locator {
    return this.sourceForm().locator(`[data-testid="${cssString(testId)}"]`);
  }

  /** "Save & test": resolves on the saved source's page. */
  async saveSource(name: string): Promise<void> {
    await this.sourceForm().locator('[data-testid="source-save"]').click();
    await this.page.locator(`[data-testid="source-page"][data-source="${cssString(name)}"]`).waitFor();
  }

  async clickSave(): Promise<void> {
    await this.sourceForm().locator('[data-testid="source-save"]').click();
  }

  /** "Test" in the form: tests what is typed, without saving. */
  async testDraftSource(): Promise<void> {
    await this.sourceForm().locator('[data-testid="source-test-draft"]').click();
  }

  async testSavedSource(): Promise<void> {
    await this.page.locator('[data-testid="source-test"]').click();
  }

  /** Waits for a finished Test connection and returns its stages as shown: step, ok/failed/skipped, detail. */
  async testResult(): Promise<{ status: string; headline: string; stages: { stage: string; state: string; detail: string }[] }> {
    const panel = this.page.locator('[data-testid="source-test-result"][data-status="ok"], [data-testid="source-test-result"][data-status="failed"]');
    await panel.waitFor();
    const stages = await panel.locator('[data-testid="test-stage"]').all();
    return {
      status: (await panel.getAttribute('data-status')) ?? '',
      headline: (await panel.locator('[data-testid="source-test-headline"]').textContent()) ?? '',
      stages: await Promise.all(
        stages.map(async (stage) => ({
          stage: (await stage.getAttribute('data-stage')) ?? '',
          state: (await stage.getAttribute('data-state')) ?? '',
          detail: (await stage.locator('[data-testid="test-stage-detail"]').textContent()) ?? '',
        })),
      ),
    };
  }

  /** Validation messages, each naming its field. */
  fieldErrors(): Locator {
    return this.page.locator('[data-testid="field-error"]');
  }

  sourceRow(name: string): Locator {
    return this.page.locator(`[data-testid="source-row"][data-source="${cssString(name)}"]`);
  }

  async openSource(name: string): Promise<void> {
    await this.sourceRow(name).click();
    await this.page.locator(`[data-testid="source-page"][data-source="${cssString(name)}"]`).waitFor();
  }

  /** Fills the trace search of the open source, with a from/to range typed in the workbench zone, and runs it. */
  async searchSourceTraces(search: { service: string; from: string; to: string; limit?: string }): Promise<void> {
    const form = this.page.locator('[data-testid="trace-search-form"]');
    await form.locator('[data-testid="search-service"]').fill(search.service);
    if (search.limit !== undefined) await form.locator('[data-testid="search-limit"]').fill(search.limit);
    await form.locator('[data-testid="search-time"]').selectOption('between');
    await form.locator('[data-testid="search-time-from"]').fill(search.from);
    await form.locator('[data-testid="search-time-to"]').fill(search.to);
    await form.locator('[data-testid="search-run"]').click();
  }

  /** Fills the log search of the open source (LogQL or a query string) with a from/to range, and runs it. */
  async searchSourceLogs(search: { query: string; from: string; to: string }): Promise<void> {
    const form = this.page.locator('[data-testid="log-search-form"]');
    await form.locator('[data-testid="search-query"]').fill(search.query);
    await form.locator('[data-testid="search-time"]').selectOption('between');
    await form.locator('[data-testid="search-time-from"]').fill(search.from);
    await form.locator('[data-testid="search-time-to"]').fill(search.to);
    await form.locator('[data-testid="search-run"]').click();
  }

  sourceLogRows(): Locator {
    return this.page.locator('[data-testid="source-log-results"] [data-testid="source-log-row"]');
  }

  /** A log row's trace link: fetches the trace from the trace sources (or the cache) and opens it. */
  sourceLogTraceLink(row: Locator): Locator {
    return row.locator('[data-testid="source-log-trace"]');
  }

  /** The pull's status line once it has ended (done, failed or cancelled). */
  async finishedPull(): Promise<Locator> {
    const status = this.page.locator('[data-testid="pull-status"]:not([data-state="running"]):not([data-state="starting"])');
    await status.waitFor();
    return status;
  }

  /** The pull's status line in a given state (running, done, failed, cancelled). */
  pullStatus(state: string): Locator {
    return this.page.locator(`[data-testid="pull-status"][data-state="${cssString(state)}"]`);
  }

  pullCancel(): Locator {
    return this.page.locator('[data-testid="pull-cancel"]');
  }

  sourceTraceRows(): Locator {
    return this.page.locator('[data-testid="source-trace-results"] [data-testid="trace-row"]');
  }

  cachedAt(): Locator {
    return this.page.locator('[data-testid="cached-at"]');
  }

  /** The caveats of a finished pull (e.g. a partial Tempo trace), one item each. */
  pullWarnings(): Locator {
    return this.page.locator('[data-testid="pull-warnings"] li');
  }

  /** The waterfall header's "partial: …" line, when the source returned only part of the trace. */
  tracePartial(): Locator {
    return this.page.locator('[data-testid="trace-partial"]');
  }

  pullRefresh(): Locator {
    return this.page.locator('[data-testid="pull-refresh"]');
  }

  /** The trace view has loaded the trace (any layout: the list view's or the waterfall's). */
  async waitForTraceView(traceId: string): Promise<void> {
    await this.page.locator('[data-testid="main"][data-view="trace"]').waitFor();
    await this.page.locator('[data-testid="trace-view"][data-status="success"]').waitFor();
    await this.page.locator('[data-testid="trace-id"]', { hasText: traceId }).first().waitFor();
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
