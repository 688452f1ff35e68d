import type { Locator, Page } from 'playwright-core';

/**
 * Selectors of a source's search forms and their tag browser (renderer/src/views/sources/TraceSearchForm.tsx,
 * LogSearchForm.tsx, TagBrowser.tsx), in one place. Adding and opening sources stays in WorkbenchPage.
 */
export class SourcesPage {
  constructor(readonly page: Page) {}

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
