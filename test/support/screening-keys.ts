import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The screening card as a reviewer drives it with keys. A card takes decisions only once it has
 * been on screen a moment (app.js marks it data-ready; src/screening/read-first.ts), and shortcuts
 * wait while htmx is busy, so a test presses the next key only once the card is ready.
 */
export const shownRecord = async (page: Page) => Number(await page.locator('[data-record]').getAttribute('data-record').catch(() => '0'));

/** No htmx request or swap under way, and the card on screen (if any) accepts decisions. */
export const idle = (page: Page) =>
  expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added, [data-record]:not([data-ready])').count()).toBe(0);

export async function press(page: Page, key: string): Promise<void> {
  await idle(page);
  await page.keyboard.press(key);
}

/** Presses a decision key and waits until the next record is in place and ready. */
export async function decideByKey(page: Page, key: string): Promise<void> {
  const before = await shownRecord(page);
  await press(page, key);
  await expect.poll(() => shownRecord(page)).not.toBe(before);
  await idle(page);
}
