import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createOwnerAccount, expectPath, fillForm, markDocument, navigateBy, submitForm, useBrowser, type BrowserUser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';

const idle = (page: Page) => expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added').count()).toBe(0);

/** The owner, signed in, with a review made from the framework and two included studies, on the first study's coding page. */
async function onFirstStudy(): Promise<{ user: BrowserUser; ids: number[] }> {
  const user = await browser().newUser();
  const { page } = user;
  await createOwnerAccount(page, OWNER);
  await fillForm(page, { Title: 'Desistance and social co-operatives', 'Short name': SLUG });
  await page.getByLabel('Start the codebook from the desistance / social co-operatives framework').check();
  await submitForm(page, 'Create review');
  const db = browser().testApp.app.db;
  const reviewId = await reviewIdOf(db, SLUG);
  const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
  const { ids } = await insertSearch(db, reviewId, [
    { title: 'Working together: social co-operatives in Italy', authors: ['Weaver, Beth'], year: 2016 },
    { title: 'Working lives after prison', authors: ['Yates, Ann'], year: 2019 },
  ]);
  await includeStudies(db, { reviewId, actorId: ownerId }, ids);
  await page.goto(`/reviews/${SLUG}/coding/studies/${ids[0]}`);
  return { user, ids };
}

describe('nothing typed is lost', () => {
  test('a double-clicked "Add excerpt" stores one excerpt, and the history shows one save', { timeout: 120_000 }, async () => {
    const { user: { page }, ids } = await onFirstStudy();
    const add = page.locator('.excerpt-add');
    await add.getByLabel('Quoted text').fill('Membership gave a new identity.');
    await add.getByLabel('Identity change', { exact: true }).check();
    await add.getByRole('button', { name: 'Add excerpt' }).dblclick();
    await expect.poll(() => page.locator('#excerpts [role="status"]').textContent()).toBe('Excerpt added.');
    await idle(page);
    await expect(page.locator('.excerpt').count()).resolves.toBe(1);

    const db = browser().testApp.app.db;
    expect((await db.selectFrom('excerpt').select('text').where('recordId', '=', ids[0]!).execute()).map((e) => e.text)).toEqual(['Membership gave a new identity.']);
    await page.goto(`/reviews/${SLUG}/audit`);
    const history = await page.locator('main').innerText();
    expect(history.split('Membership gave a new identity.').length - 1).toBe(1);
    await browser().expectNoProblems();
  });

  test('pages with forms left untouched never ask', { timeout: 120_000 }, async () => {
    const { user: { page, dialogs }, ids } = await onFirstStudy();
    const review = `/reviews/${SLUG}`;
    const pages = [
      '/reviews/new', '/people', '/account', review, `${review}/settings`, `${review}/protocol`, `${review}/members`, `${review}/imports`,
      `${review}/records/${ids[0]}/edit`, `${review}/screening`, `${review}/screening/settings`, `${review}/coding`, `${review}/coding/codebook`,
      `${review}/coding/form`, `${review}/coding/studies/${ids[0]}`, `${review}/coding/studies/${ids[0]}/extraction`, `${review}/synthesis`, `${review}/prisma`,
    ];
    for (const path of pages) {
      await page.goto(path);
      await idle(page);
      await navigateBy(page, () => page.getByRole('link', { name: 'Coreview', exact: true }).click());
      expect([path, dialogs]).toEqual([path, []]);
    }
    await browser().expectNoProblems();
  });

  test('a study memo typed and not saved asks before J leaves it; once saved, J moves on', { timeout: 120_000 }, async () => {
    const { user: { page, dialogs }, ids } = await onFirstStudy();
    const memo = page.getByRole('textbox', { name: 'Study memo' });
    await memo.fill('Strong on governance, little on outcomes.');
    await memo.blur();

    // J (the next study) asks; staying keeps the page and what was typed.
    await page.keyboard.press('j');
    await expect.poll(() => dialogs.map((d) => d.type)).toEqual(['beforeunload']);
    expectPath(page, `/reviews/${SLUG}/coding/studies/${ids[0]}`);
    await expect(memo.inputValue()).resolves.toBe('Strong on governance, little on outcomes.');

    await page.getByRole('button', { name: 'Save memo' }).click();
    await expect.poll(() => page.locator('#study-memo [role="status"]').textContent()).toBe('Memo saved.');
    await idle(page);
    await navigateBy(page, () => page.keyboard.press('j'));
    expectPath(page, `/reviews/${SLUG}/coding/studies/${ids[1]}`);
    expect(dialogs).toHaveLength(1);
    await browser().expectNoProblems();
  });

  test('an edited criterion asks before a link or a change to its list would lose it; once saved, nothing asks', { timeout: 120_000 }, async () => {
    const { user: { page, dialogs } } = await onFirstStudy();
    await page.goto(`/reviews/${SLUG}/protocol`);
    const inclusion = page.locator('#criteria-inclusion');
    const addNew = async (text: string) => {
      await inclusion.locator('.item-add input[name="text"]').fill(text);
      await inclusion.getByRole('button', { name: 'Add', exact: true }).click();
      await idle(page);
    };
    await addNew('Adults with a conviction');
    await addNew('Paid work in a co-operative');
    const sameDocument = await markDocument(page);

    const first = inclusion.locator('.item-edit input[name="text"]').first();
    await first.fill('Adults with a criminal conviction');
    // A change that would swap the list in place asks first; declining keeps the edit and the order.
    await inclusion.getByRole('button', { name: 'Move down' }).first().click();
    await expect.poll(() => dialogs.map((d) => d.type)).toEqual(['confirm']);
    expect(dialogs[0]!.message).toContain('is not saved');
    await expect(first.inputValue()).resolves.toBe('Adults with a criminal conviction');
    // Leaving by a tab asks too.
    await page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Coding', exact: true }).click();
    await expect.poll(() => dialogs.map((d) => d.type)).toEqual(['confirm', 'beforeunload']);
    expectPath(page, `/reviews/${SLUG}/protocol`);
    expect(await sameDocument()).toBe(true);

    await inclusion.locator('.item-edit').first().getByRole('button', { name: 'Save' }).click();
    await idle(page);
    await expect(inclusion.locator('.item-edit input[name="text"]').first().inputValue()).resolves.toBe('Adults with a criminal conviction');
    await navigateBy(page, () => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Coding', exact: true }).click());
    expectPath(page, `/reviews/${SLUG}/coding`);
    expect(dialogs).toHaveLength(2);
    await browser().expectNoProblems();
  });
});
