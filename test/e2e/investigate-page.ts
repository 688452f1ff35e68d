import type { Locator, Page } from 'playwright-core';
import { cssString } from './css-string.js';

/** Selectors of the Investigate panel (renderer/src/views/investigate/), in one place. */
export class InvestigatePage {
  constructor(readonly page: Page) {}

  trigger(): Locator {
    return this.page.locator('[data-testid="investigate-trigger"]');
  }

  panel(): Locator {
    return this.page.locator('[data-testid="investigate"]');
  }

  /** Waits for the ranking to finish (partial results show while it runs). */
  async waitForDone(): Promise<void> {
    await this.page.locator('[data-testid="investigate"][data-state="done"]').waitFor({ timeout: 60_000 });
  }

  suspects(): Locator {
    return this.page.locator('[data-testid="suspect"]');
  }

  suspect(kind: string, service: string): Locator {
    return this.page.locator(`[data-testid="suspect"][data-kind="${cssString(kind)}"][data-service="${cssString(service)}"]`).first();
  }

  pivot(suspect: Locator, to: 'graph' | 'traces' | 'trace' | 'logs'): Promise<void> {
    return suspect.locator(`[data-testid="pivot-${to}"]`).click();
  }
}
