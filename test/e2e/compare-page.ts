import type { Locator, Page } from 'playwright-core';
import { cssString } from './css-string.js';

/** Selectors of the detector marks on the waterfall, the Compare panel under a group-by, and the two-trace diff. */
export class ComparePage {
  constructor(readonly page: Page) {}

  async goTo(baseUrl: string, hash: string): Promise<void> {
    await this.page.goto(`${baseUrl.split('#')[0]}${hash}`);
  }

  findingMarkers(): Locator {
    return this.page.locator('[data-testid="span-row"] [data-testid="finding-marker"]');
  }

  findingMarkerOfService(service: string): Locator {
    return this.page.locator(`[data-testid="span-row"][data-service="${cssString(service)}"] [data-testid="finding-marker"]`);
  }

  comparePanel(): Locator {
    return this.page.locator('[data-testid="compare-panel"]');
  }

  compareStatement(): Locator {
    return this.page.locator('[data-testid="compare-statement"]');
  }

  compareValue(value: string): Locator {
    return this.page.locator(`[data-testid="compare-value"][data-value="${cssString(value)}"]`);
  }

  bubbleUpRows(): Locator {
    return this.page.locator('[data-testid="bubble-up-row"]');
  }

  bubbleUpCounts(): Locator {
    return this.page.locator('[data-testid="bubble-up-counts"]');
  }

  bubbleUpErrors(): Locator {
    return this.page.locator('[data-testid="bubble-up-errors"]');
  }

  tracePicks(): Locator {
    return this.page.locator('[data-testid="trace-row"] [data-testid="trace-pick"]');
  }

  traceDiff(): Locator {
    return this.page.locator('[data-testid="trace-diff"]');
  }

  traceDiffNodes(): Locator {
    return this.page.locator('[data-testid="trace-diff-node"]');
  }
}
