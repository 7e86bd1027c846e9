import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { fillForm, navigateBy, submitForm } from './browser.js';

/** Imports export files through the review's Import tab, as a person does: upload, preview, commit. */
export async function importThroughForm(page: Page, files: readonly string[], source: string): Promise<void> {
  await navigateBy(page, () => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Import', exact: true }).click());
  await page.getByLabel('Export files').setInputFiles([...files]);
  await page.getByLabel('Source type').selectOption({ label: 'Database' });
  await fillForm(page, { Source: source, 'Date searched': '2022-12-07', 'Search query': 'gambling AND harm*' });
  await submitForm(page, 'Upload and preview');
  const jobState = () => page.locator('#import-job').getAttribute('data-state');
  await expect.poll(jobState, { timeout: 30_000 }).toBe('ready');
  await navigateBy(page, () => page.getByRole('button', { name: /^Import \d+ records$/ }).click());
  await expect.poll(jobState, { timeout: 30_000 }).toBe('committed');
}
