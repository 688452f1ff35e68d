import type { Locator, Page } from 'playwright-core';
import { cssString } from './css-string.js';

/**
 * Selectors of the Sources view (renderer/src/views/sources/), in one place: the source list, the add-source form and
 * its Test connection, a source's search forms with their tag browser, and the pull's status and results. The pulled
 * trace's waterfall is WaterfallPage's; the dependencies pull is DependenciesPage's.
 */
export class SourcesPage {
  constructor(readonly page: Page) {}

  async openSources(): Promise<void> {
    await this.page.locator('[data-testid="nav-sources"]').click();
    await this.page.locator('[data-testid="sources-view"][data-status="success"]').waitFor();
  }

  sourceRow(name: string): Locator {
    return this.page.locator(`[data-testid="source-row"][data-source="${cssString(name)}"]`);
  }

  async openSource(name: string): Promise<void> {
    await this.sourceRow(name).click();
    await this.page.locator(`[data-testid="source-page"][data-source="${cssString(name)}"]`).waitFor();
  }

  // ---- the add-source form and Test connection ----

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
    await this.clickSave();
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

  // ---- the search forms ----

  traceForm(): Locator {
    return this.page.locator('[data-testid="trace-search-form"]');
  }

  logForm(): Locator {
    return this.page.locator('[data-testid="log-search-form"]');
  }

  /** The search's time field set to a from/to range typed in the workbench zone (the browser lists this window too). */
  async searchBetween(form: Locator, from: string, to: string): Promise<void> {
    await form.locator('[data-testid="search-time"]').selectOption('between');
    await form.locator('[data-testid="search-time-from"]').fill(from);
    await form.locator('[data-testid="search-time-to"]').fill(to);
  }

  traceql(): Locator {
    return this.traceForm().locator('[data-testid="search-traceql"]');
  }

  tagsField(): Locator {
    return this.traceForm().locator('[data-testid="search-tags"]');
  }

  logQuery(): Locator {
    return this.logForm().locator('[data-testid="search-query"]');
  }

  async run(form: Locator): Promise<void> {
    await form.locator('[data-testid="search-run"]').click();
  }

  /** Fills the trace search of the open source, with a from/to range typed in the workbench zone, and runs it. */
  async searchSourceTraces(search: { service: string; from: string; to: string; limit?: string }): Promise<void> {
    const form = this.traceForm();
    await form.locator('[data-testid="search-service"]').fill(search.service);
    if (search.limit !== undefined) await form.locator('[data-testid="search-limit"]').fill(search.limit);
    await this.searchBetween(form, search.from, search.to);
    await this.run(form);
  }

  /** Fills the log search of the open source (LogQL or a query string) with a from/to range, and runs it. */
  async searchSourceLogs(search: { query: string; from: string; to: string }): Promise<void> {
    const form = this.logForm();
    await form.locator('[data-testid="search-query"]').fill(search.query);
    await this.searchBetween(form, search.from, search.to);
    await this.run(form);
  }

  // ---- the pull: its status, caveats and results ----

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

  pullRefresh(): Locator {
    return this.page.locator('[data-testid="pull-refresh"]');
  }

  cachedAt(): Locator {
    return this.page.locator('[data-testid="cached-at"]');
  }

  /** The caveats of a finished pull (e.g. a partial Tempo trace), one item each. */
  pullWarnings(): Locator {
    return this.page.locator('[data-testid="pull-warnings"] li');
  }

  sourceTraceRows(): Locator {
    return this.page.locator('[data-testid="source-trace-results"] [data-testid="trace-row"]');
  }

  sourceLogRows(): Locator {
    return this.page.locator('[data-testid="source-log-results"] [data-testid="source-log-row"]');
  }

  /** A log row's trace link: fetches the trace from the trace sources (or the cache) and opens it. */
  sourceLogTraceLink(row: Locator): Locator {
    return row.locator('[data-testid="source-log-trace"]');
  }

  // ---- the tag browser ----

  browser(): Locator {
    return this.page.locator('[data-testid="tag-browser"]');
  }

  async openBrowser(): Promise<void> {
    const toggle = this.browser().locator('[data-testid="browse-toggle"]');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await this.browser().locator('[data-testid="browse-panel"]').waitFor();
  }

  tagList(): Locator {
    return this.browser().locator('[data-testid="browse-tags"]');
  }

  valueList(): Locator {
    return this.browser().locator('[data-testid="browse-values"]');
  }

  tagFilter(): Locator {
    return this.browser().locator('[data-testid="browse-tag-filter"]');
  }

  /** The options a listbox shows, as the user reads them; with `group`, only those under that Tempo scope. */
  async optionTexts(list: Locator, group?: string): Promise<string[]> {
    // The hidden empty option stands for "nothing picked".
    const options = group === undefined ? list.locator('option:not([value=""])') : list.locator(`optgroup[label="${group}"] option`);
    return options.allTextContents();
  }

  /** Waits until the tags are listed (a count shown, not the spinner) and returns the groups' labels. */
  async waitForTags(): Promise<string[]> {
    await this.browser().locator('[data-testid="browse-tag-column"] [data-testid="browse-count"]').waitFor();
    return this.tagList().locator('optgroup').evaluateAll((groups) => groups.map((g) => g.getAttribute('label') ?? ''));
  }

  async waitForValues(): Promise<string> {
    const count = this.browser().locator('[data-testid="browse-value-column"] [data-testid="browse-count"]');
    await count.waitFor();
    return (await count.textContent()) ?? '';
  }

  /** Picks a tag by scope and name (scope '' for unscoped tags and Loki labels), then a value, with the mouse. */
  async pick(scope: string, tag: string, value: string): Promise<void> {
    await this.tagList().selectOption(`${scope}:${tag}`);
    await this.waitForValues();
    await this.valueList().selectOption({ label: value });
  }

  fragment(): Locator {
    return this.browser().locator('[data-testid="browse-fragment"]');
  }

  addButton(target: 'traceql' | 'tags' | 'logql'): Locator {
    return this.browser().locator(`[data-testid="browse-add-${target}"]`);
  }

  added(): Locator {
    return this.browser().locator('[data-testid="browse-added"]');
  }

  browseError(): Locator {
    return this.browser().locator('[data-testid="browse-error"]');
  }
}
