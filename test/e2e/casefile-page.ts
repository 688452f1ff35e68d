import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** The casefile menu, the journal panel and replay, as a person uses them. */
export class CasefilePage {
  constructor(private readonly page: Page) {}

  async openJournal(): Promise<void> {
    if ((await this.page.getByTestId('casefile-panel').count()) === 0) await this.page.getByTestId('journal-toggle').click();
    await this.page.getByTestId('casefile-panel').waitFor();
  }

  stepItems(): Locator {
    return this.page.getByTestId('step-item');
  }

  async addNote(text: string): Promise<void> {
    const before = await this.page.getByTestId('note-item').count();
    await this.page.getByTestId('note-input').fill(text);
    await this.page.getByTestId('note-add').click();
    await this.page.getByTestId('note-item').nth(before).waitFor();
  }

  async pinView(label: string): Promise<void> {
    const before = await this.page.getByTestId('pin-item').count();
    await this.page.getByTestId('pin-label').fill(label);
    await this.page.getByTestId('pin-add').click();
    await this.page.getByTestId('pin-item').nth(before).waitFor();
  }

  async saveLookedAt(): Promise<string> {
    await this.page.getByTestId('casefile-menu-button').click();
    await this.page.getByTestId('casefile-save').click();
    const message = this.page.getByTestId('casefile-message');
    await message.filter({ hasText: 'Saved' }).waitFor();
    return (await message.textContent()) ?? '';
  }

  async open(file: string): Promise<void> {
    await this.page.getByTestId('casefile-open-input').setInputFiles(file);
    await this.page.getByTestId('casefile-open').waitFor();
    await this.indexed();
  }

  /** Until the opened casefile's search indexes are in, its badge says "indexing for search…". */
  async indexed(): Promise<void> {
    await this.page.getByTestId('casefile-indexing').waitFor({ state: 'detached' });
  }

  offlineBadge(): Locator {
    return this.page.getByTestId('casefile-open');
  }

  async showStep(index: number): Promise<void> {
    await this.stepItems().nth(index).getByRole('button').click();
    await this.page.getByTestId('replay-position').filter({ hasText: `step ${index + 1} /` }).waitFor();
  }

  async screenshot(dir: string, name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(dir, `casefile-${name}.png`) });
  }
}
