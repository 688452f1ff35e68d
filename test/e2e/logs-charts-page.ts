import type { Locator, Page } from 'playwright-core';

/** Selectors of the logs and charts views, in one place (the workbench page object covers the rest of the shell). */
export class LogsChartsPage {
  constructor(readonly page: Page) {}

  /** Switches view through the URL hash, as a pasted link or the omnibox would. */
  async goToHash(hash: string): Promise<void> {
    await this.page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  }

  async hash(): Promise<string> {
    return this.page.evaluate<string>('decodeURIComponent(location.hash)');
  }

  logsView(): Locator {
    return this.page.locator('[data-testid="logs-view"]');
  }

  /** Waits until the list has loaded for the current filter (and no refetch is showing stale rows). */
  async waitForLogs(): Promise<void> {
    await this.page.locator('[data-testid="logs-view"][data-status="success"]').waitFor();
  }

  logRows(): Locator {
    return this.page.locator('[data-testid="log-row"]');
  }

  /** Rows of the logs view (correlated logs, or the attribute search list) once it has loaded. */
  async loadedLogRows(): Promise<Locator> {
    await this.page
      .locator('[data-testid="logs-view"][data-status="success"], [data-testid="log-search-view"][data-status="success"]')
      .waitFor();
    return this.page.locator('[data-testid="log-row"]');
  }

  /** Log ids of the rows shown. */
  async logIds(rows: Locator): Promise<number[]> {
    return rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-log-id'))));
  }

  /** Rows tied to the span itself (not by trace, or by service and time). */
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

  logRowsWhere(attribute: string, value: string): Locator {
    return this.page.locator(`[data-testid="log-row"][data-${attribute}="${value}"]`);
  }

  async rowAttributes(name: string): Promise<string[]> {
    // An expression string: the tests compile without DOM types.
    return this.page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid="log-row"]')].map((row) => row.getAttribute(${JSON.stringify(`data-${name}`)}) ?? '')`,
    );
  }

  searchMatches(): Locator {
    return this.page.locator('[data-testid="log-row"] [data-testid="search-match"]');
  }

  async search(text: string): Promise<void> {
    const box = this.page.locator('[data-testid="logs-search"]');
    await box.fill(text);
    await box.press('Enter');
  }

  async setMinSeverity(label: string): Promise<void> {
    await this.page.locator('[data-testid="logs-severity"]').selectOption({ label });
  }

  histogram(): Locator {
    return this.page.locator('[data-testid="log-histogram"]');
  }

  logDetail(): Locator {
    return this.page.locator('[data-testid="log-detail"]');
  }

  logDetailAttribute(key: string): Locator {
    return this.page.locator(`[data-testid="log-detail-attributes"] [data-testid="attribute-row"][data-key="${key}"] [data-testid="attribute-value"]`);
  }

  /** Scrolls the log list to its end, as a user dragging the scrollbar down would. */
  async scrollLogsToEnd(): Promise<void> {
    await this.page.evaluate(`(() => { const list = document.querySelector('[data-testid="log-list"]'); list.scrollTo(0, list.scrollHeight); })()`);
  }

  chartsView(): Locator {
    return this.page.locator('[data-testid="charts-view"]');
  }

  async waitForCharts(service: string): Promise<void> {
    await this.page.locator(`[data-testid="charts-view"][data-status="success"][data-service="${service}"]`).waitFor();
    await this.page.locator('[data-testid="latency-canvas"] canvas').waitFor();
  }

  latencyChart(): Locator {
    return this.page.locator('[data-testid="latency-chart"]');
  }

  operationPicker(): Locator {
    return this.page.locator('[data-testid="charts-operation"]');
  }

  versionImpact(): Locator {
    return this.page.locator('[data-testid="version-impact"]');
  }

  /** Drags across the latency chart's plot from one fraction of its width to another. */
  async brushLatency(fromFraction: number, toFraction: number): Promise<void> {
    const box = await this.page.locator('[data-testid="latency-canvas"]').boundingBox();
    if (box === null) throw new Error('the latency chart is not on screen');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((fromFraction + toFraction) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * toFraction, y, { steps: 5 });
    await this.page.mouse.up();
  }
}
