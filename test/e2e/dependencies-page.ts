import type { Locator, Page } from 'playwright-core';

/**
 * Selectors of the dependencies pull (Sources view, renderer/src/views/sources/DependenciesPull.tsx) and of the graph's
 * dependency panels (renderer/src/views/graph/DependencyPanels.tsx), in one place.
 */
export class DependenciesPage {
  constructor(readonly page: Page) {}

  section(): Locator {
    return this.page.locator('[data-testid="dependencies-pull"]');
  }

  /** Pulls the open source's dependencies for a from/to range typed in the workbench zone. */
  async pull(range: { from: string; to: string }): Promise<void> {
    const section = this.section();
    await section.locator('[data-testid="search-time"]').selectOption('between');
    await section.locator('[data-testid="search-time-from"]').fill(range.from);
    await section.locator('[data-testid="search-time-to"]').fill(range.to);
    await section.locator('[data-testid="dependencies-run"]').click();
  }

  /** The finished answer (waits for it). */
  async answer(): Promise<Locator> {
    const answer = this.section().locator('[data-testid="dependencies-answer"]');
    await answer.waitFor();
    return answer;
  }

  busiestRows(): Locator {
    return this.section().locator('[data-testid="dependency-row"]');
  }

  openInGraph(): Locator {
    return this.section().locator('[data-testid="dependencies-open-graph"]');
  }

  /** The side panel of a selected edge that pulled dependencies know. */
  async edgePanel(): Promise<Locator> {
    const panel = this.page.locator('[data-testid="dependency-edge"]');
    await panel.waitFor();
    return panel;
  }

  figures(): Locator {
    return this.page.locator('[data-testid="dependency-figure"]');
  }

  pullTracesButton(source: string): Locator {
    return this.page.locator(`[data-testid="dependency-pull"][data-source="${source}"] [data-testid="dependency-pull-traces"]`);
  }

  /** The status of a pull of traces started from the graph, once it has ended. */
  async finishedTracePull(source: string): Promise<Locator> {
    const status = this.page.locator(`[data-testid="dependency-pull"][data-source="${source}"] [data-testid="pull-status"]:not([data-state="running"]):not([data-state="starting"])`);
    await status.waitFor();
    return status;
  }

  legend(): Locator {
    return this.page.locator('[data-testid="legend-dependencies"]');
  }
}
