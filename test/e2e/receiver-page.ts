import type { Locator, Page } from 'playwright-core';

/** The OTLP receiver toggle's selectors (components/ReceiverToggle.tsx), in one place. */
export class ReceiverPage {
  constructor(readonly page: Page) {}

  toggle(): Locator {
    return this.page.locator('[data-testid="receiver-toggle"]');
  }

  async click(): Promise<void> {
    await this.toggle().locator('button').click();
  }

  async waitForEnabled(enabled: boolean): Promise<void> {
    await this.page.locator(`[data-testid="receiver-toggle"][data-enabled="${enabled}"]`).waitFor();
  }

  async buttonText(): Promise<string> {
    return (await this.toggle().locator('button').textContent()) ?? '';
  }

  counts(): Locator {
    return this.page.locator('[data-testid="receiver-counts"]');
  }

  error(): Locator {
    return this.page.locator('[data-testid="receiver-error"]');
  }

  async typePort(port: number): Promise<void> {
    await this.page.getByLabel('OTLP port').fill(String(port));
  }
}
