import { describe, expect, test } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import {
  createOwnerAccount,
  expectPath,
  fillForm,
  flash,
  markDocument,
  navigateBy,
  screenshot,
  submitForm,
  useBrowser,
  type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';

describe('records in the browser', () => {
  test('search as you type updates the list in place, pages, filters, and opens a record to edit', async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Co-operatives and desistance', 'Short name': SLUG });
    await submitForm(page, 'Create review');
    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    await insertSearch(db, reviewId, [
      { title: 'Desistance through social co-operatives', abstract: 'Work in a social co-operative supports desistance.', year: 2019 },
      { title: '<script>alert(1)</script> in a title', abstract: '<img src=x onerror=alert(2)> desistance', year: 2018 },
      { title: 'Effects of CO<sub>2</sub> on <i>Homo sapiens</i>', abstract: '', year: 2010, type: 'chapter' },
      ...Array.from({ length: 60 }, (_, i) => ({ title: `Probation study ${i + 1}`, abstract: 'Probation and recidivism.', year: 2000 + (i % 20) })),
    ]);

    await page.goto(`/reviews/${SLUG}/records`);
    await expect.poll(() => page.locator('.record-summary').textContent()).toBe('63 records, in import order.');
    await screenshot(page, 'records-list');
    const sameDocument = await markDocument(page);

    const search = page.getByLabel('Search titles, abstracts, authors, keywords and journals');
    await search.pressSequentially('desistence', { delay: 20 });
    await expect.poll(() => page.locator('.search-notice').first().textContent()).toContain('Showing results for desistance');
    expect(await sameDocument()).toBe(true);
    expect(new URL(page.url()).search).toBe('?q=desistence');
    // Hostile text is shown as text; an alert() would fail the test through the harness.
    await expect.poll(() => page.getByText('<script>alert(1)</script> in a title').count()).toBe(1);
    expect(await page.locator('.record-snippet mark').first().textContent()).toBe('desistance');
    await screenshot(page, 'records-search');

    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => page.locator('.record-summary').textContent()).toBe('63 records, in import order.');
    await page.getByText('Filter and sort').click();
    await page.getByLabel('Type').selectOption('chapter');
    await expect.poll(() => page.locator('.record-summary').textContent()).toBe('1 record (filtered), in import order.');
    expect(await page.locator('.record-row-title i').textContent()).toBe('Homo sapiens');
    expect(new URL(page.url()).searchParams.get('type')).toBe('chapter');
    await page.getByLabel('Type').selectOption('');
    await expect.poll(() => page.locator('.record-row').count()).toBe(50);

    await page.getByRole('link', { name: 'Next →' }).click();
    await expect.poll(() => page.locator('.pager-label').textContent()).toBe('Page 2 of 2');
    expect(await page.locator('.record-row').count()).toBe(13);
    expect(await sameDocument()).toBe(true);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');

    await page.goto(`/reviews/${SLUG}/records?q=sapiens`);
    await navigateBy(page, () => page.locator('.record-row-title a').first().click());
    expect(await page.locator('h1 sub').textContent()).toBe('2');
    await screenshot(page, 'record-detail');
    await navigateBy(page, () => page.getByRole('link', { name: 'paste it in' }).click());
    await fillForm(page, { Abstract: 'Carbon dioxide and generativity.' });
    await submitForm(page, 'Save changes');
    expect(await flash(page).textContent()).toBe('Record saved (abstract).');
    expect(await page.locator('.record-abstract').textContent()).toBe('Carbon dioxide and generativity.');
    const path = new URL(page.url()).pathname;
    expectPath(page, path);

    await page.goto(`/reviews/${SLUG}/records?q=generativity`);
    expect(await page.locator('.record-row').count()).toBe(1);
    await browser().expectNoProblems();
  });
});
