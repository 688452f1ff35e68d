import type { Locator, Page } from 'playwright-core';

/** The SLO page, the header's SLO strip and the graph panel's canary verdict: their selectors in one place. */
export class SlosPage {
  constructor(readonly page: Page) {}

  canaryPanel(): Locator {
    return this.page.locator('[data-testid="canary-panel"][data-status="success"]');
  }

  canaryStatement(): Locator {
    return this.page.locator('[data-testid="canary-statement"]');
  }

  canaryGroups(): Locator {
    return this.page.locator('[data-testid="canary-group"]');
  }

  async openSlos(): Promise<void> {
    await this.page.locator('[data-testid="nav-slos"]').click();
    await this.page.locator('[data-testid="slos-view"][data-status="success"]').waitFor();
  }

  suggestion(service: string): Locator {
    return this.page.locator(`[data-testid="slo-suggestion"][data-service="${service}"]`).first();
  }

  rows(): Locator {
    return this.page.locator('[data-testid="slo-row"]');
  }

  detail(): Locator {
    return this.page.locator('[data-testid="slo-detail"]');
  }

  stripItems(): Locator {
    return this.page.locator('[data-testid="slo-strip-item"]');
  }
}
