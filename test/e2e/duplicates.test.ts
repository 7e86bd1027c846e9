import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { importThroughForm } from '../support/browser-imports.js';
import { fixturePath } from '../support/fixture-exports.js';
import { createOwnerAccount, expectPath, fillForm, flash, markDocument, navigateBy, screenshot, submitForm, useBrowser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'harms';
// Two exports of the same search that share studies: two certain matches and three pairs for a person.
const FILES = ['lens.ris', 'ebsco-psycinfo.ris'].map(fixturePath);

const reviewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });
const pairsLeft = async (page: Page) => Number(/(\d+) pairs? left/.exec(await page.locator('.queue-left').innerText())![1]);
const shownPair = (page: Page) => page.locator('[data-pair]').getAttribute('data-pair');
/** Shortcuts wait while htmx is busy (app.js), so a test presses the next key only once it is idle. */
const idle = (page: Page) => expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added').count()).toBe(0);
/** Presses a shortcut once htmx is idle. */
async function press(page: Page, key: string): Promise<void> {
  await idle(page);
  await page.keyboard.press(key);
}

describe('duplicates in the browser', () => {
  test('two overlapping exports: automatic links, probable pairs resolved from the keyboard, one merge undone', { timeout: 120_000 }, async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Gambling harms', 'Short name': SLUG });
    await submitForm(page, 'Create review');
    await importThroughForm(page, FILES, 'Lens and PsycINFO');

    await navigateBy(page, () => reviewTab(page, 'Duplicates').click());
    expectPath(page, `/reviews/${SLUG}/duplicates`);
    // The import may already have run detection; on demand it then finds nothing new. The check runs
    // off the request: the page says so at once and shows the outcome by itself when it is done.
    await submitForm(page, 'Find duplicates');
    await expect(flash(page).innerText()).resolves.toContain('Looking for duplicates across the review');
    await expect.poll(() => page.locator('.check-status').getAttribute('data-check-state'), { timeout: 20_000 }).toBe('done');
    await expect(page.locator('.check-status').innerText()).resolves.toMatch(/^Last check .* UTC:\s+(found [\d,]+ new pairs?|no new duplicates found)/);
    const automatic = page.locator('.merge-events li', { hasText: 'Automatic' });
    expect(await automatic.count()).toBeGreaterThan(0);

    const total = await pairsLeft(page);
    expect(total).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'duplicates-queue');
    const sameDocument = await markDocument(page);

    await press(page, '?');
    await expect.poll(() => page.locator('.shortcut-help dl').isVisible()).toBe(true);
    const first = await shownPair(page);
    await press(page, 'j');
    await expect.poll(() => shownPair(page)).not.toBe(first);
    await press(page, 'ArrowLeft');
    await expect.poll(() => shownPair(page)).toBe(first);

    // S, D, V in turn until the queue is empty, each answer swapped in place.
    const keys = ['s', 'd', 'v'];
    for (let left = total; left > 0; left--) {
      await press(page, keys[(total - left) % keys.length]!);
      if (left > 1) await expect.poll(() => pairsLeft(page)).toBe(left - 1);
    }
    await expect.poll(() => page.getByRole('heading', { name: 'No pairs to check' }).isVisible()).toBe(true);
    await idle(page);
    expect(await sameDocument()).toBe(true);

    const decided = page.locator('.merge-events li', { hasText: 'Decided' });
    expect(await decided.count()).toBe(1);
    const merges = await page.locator('.merge-events li').count();
    await navigateBy(page, () => decided.getByRole('button', { name: /^Undo/ }).click());
    await expect(flash(page).innerText()).resolves.toContain('Merge undone');
    expect(await page.locator('.merge-events li').count()).toBe(merges - 1);
    await browser().expectNoProblems();
  });
});
