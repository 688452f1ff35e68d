import type { Locator, Page } from 'playwright-core';

/** Selectors of the trace view (renderer/src/views/trace/): its waterfall, span detail and logs panel, in one place. */
export class WaterfallPage {
  constructor(readonly page: Page) {}

  /** Opens a trace through the workbench state in the URL hash, and waits for its first rows. */
  async openTrace(traceId: string, spanId?: string): Promise<void> {
    const hash = `#/trace/${traceId}${spanId === undefined ? '' : `?span=${spanId}`}`;
    await this.page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await this.waitForTrace(traceId);
  }

  async waitForTrace(traceId: string): Promise<void> {
    await this.page.locator(`[data-testid="trace-view"][data-status="success"]`).waitFor();
    await this.page.locator('[data-testid="trace-id"]', { hasText: traceId }).waitFor();
    await this.rows().first().waitFor();
  }

  /** The trace view has loaded the trace (any layout: the list view's or the waterfall's), e.g. after a pull opened it. */
  async waitForTraceView(traceId: string): Promise<void> {
    await this.page.locator('[data-testid="main"][data-view="trace"]').waitFor();
    await this.page.locator('[data-testid="trace-view"][data-status="success"]').waitFor();
    await this.page.locator('[data-testid="trace-id"]', { hasText: traceId }).first().waitFor();
  }

  /** The waterfall header's "partial: …" line, when the source returned only part of the trace. */
  tracePartial(): Locator {
    return this.page.locator('[data-testid="trace-partial"]');
  }

  rows(): Locator {
    return this.page.locator('[data-testid="span-row"]');
  }

  row(where: { service?: string; name?: string; error?: boolean }): Locator {
    let selector = '[data-testid="span-row"]';
    if (where.service !== undefined) selector += `[data-service="${where.service}"]`;
    if (where.name !== undefined) selector += `[data-name="${where.name}"]`;
    if (where.error !== undefined) selector += `[data-error="${where.error}"]`;
    return this.page.locator(selector);
  }

  /** The row standing for a run of identical siblings (the N+1's queries). */
  groupRow(name: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-group-size][data-name="${name}"]`);
  }

  /** Per drawn row: how far its duration label reaches left of where the bars' track starts (≤ 0 when it does not). */
  async durationOverprints(): Promise<{ name: string; px: number }[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="span-row"]')].map((row) => {
        const track = row.querySelector('.wf-track')!.getBoundingClientRect();
        const label = row.querySelector('[data-testid="span-duration"]')!.getBoundingClientRect();
        return { name: row.getAttribute('data-name') ?? '', px: track.left - label.left };
      }),
    );
  }

  splitHandle(): Locator {
    return this.page.locator('[data-testid="split-handle"]');
  }

  async logsPaneHeight(): Promise<number> {
    return (await this.logs().boundingBox())!.height;
  }

  /** "None for this span; N in this trace", shown when the selected span has no logs but its trace does. */
  spanLogsNone(): Locator {
    return this.page.locator('[data-testid="span-logs-none"]');
  }

  showTraceLogs(): Locator {
    return this.page.locator('[data-testid="show-trace-logs"]');
  }

  /** The span detail's section titles, top to bottom. */
  async detailSections(): Promise<string[]> {
    return this.detail().locator('.detail-section > h3').allInnerTexts();
  }

  linkIconIn(row: Locator): Locator {
    return row.locator('[data-testid="span-link-icon"]');
  }

  selectedRow(): Locator {
    return this.page.locator('[data-testid="span-row"][aria-selected="true"]');
  }

  /** Each drawn row as "service|name|depth", top to bottom. */
  async rowSummaries(): Promise<string[]> {
    const rows = await this.rows().all();
    const summaries = await Promise.all(
      rows.map(async (row) => ({
        index: Number(await row.getAttribute('data-row')),
        text: `${await row.getAttribute('data-service')}|${await row.getAttribute('data-name')}|${await row.getAttribute('data-depth')}`,
      })),
    );
    return summaries.sort((a, b) => a.index - b.index).map((s) => s.text);
  }

  async rowCount(): Promise<number> {
    return Number(await this.page.locator('[data-testid="trace-view"]').getAttribute('data-row-count'));
  }

  toggleIn(row: Locator): Locator {
    return row.locator('[data-testid="span-toggle"]');
  }

  criticalSegments(): Locator {
    return this.page.locator('[data-testid="critical-segment"]');
  }

  criticalToggle(): Locator {
    return this.page.locator('[data-testid="toggle-critical"]');
  }

  search(): Locator {
    return this.page.locator('[data-testid="waterfall-search"]');
  }

  searchCount(): Locator {
    return this.page.locator('[data-testid="search-count"]');
  }

  searchNext(): Locator {
    return this.page.locator('[data-testid="search-next"]');
  }

  matchedRows(): Locator {
    return this.page.locator('[data-testid="span-row"][data-match="true"]');
  }

  scroller(): Locator {
    return this.page.locator('[data-testid="waterfall-scroll"]');
  }

  detail(): Locator {
    return this.page.locator('[data-testid="span-detail"]');
  }

  detailStatus(): Locator {
    return this.detail().locator('[data-testid="span-status"]');
  }

  link(direction: 'incoming' | 'outgoing'): Locator {
    return this.detail().locator(`[data-testid="span-link"][data-direction="${direction}"]`);
  }

  minimap(): Locator {
    return this.page.locator('[data-testid="minimap"]');
  }

  zoomReset(): Locator {
    return this.page.locator('[data-testid="zoom-reset"]');
  }

  logs(): Locator {
    return this.page.locator('[data-testid="trace-logs"]');
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
}
