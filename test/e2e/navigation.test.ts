import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { createOwnerAccount, expectPath, fillForm, navigateBy, screenshot, submitForm, useBrowser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';

/** An owner with a review whose two records are included studies, on its Overview. */
async function reviewWithStudies(page: Page): Promise<number[]> {
  await createOwnerAccount(page, OWNER);
  await fillForm(page, { Title: 'Desistance and social co-operatives', 'Short name': SLUG });
  await submitForm(page, 'Create review');
  const db = browser().testApp.app.db;
  const reviewId = await reviewIdOf(db, SLUG);
  const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
  const { ids } = await insertSearch(db, reviewId, [
    { title: 'Working together: social co-operatives and desistance in Italy', authors: ['Weaver, Beth'], year: 2016 },
    { title: 'Making good: how ex-convicts reform and rebuild their lives', authors: ['Maruna, Shadd'], year: 2001 },
  ]);
  await includeStudies(db, { reviewId, actorId: ownerId }, ids);
  return ids;
}

const overviewTab = (page: Page) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Overview', exact: true });

describe('finding your way', () => {
  test('every stage of the Overview, and its conflict counts, is one click away', { timeout: 90_000 }, async () => {
    const { page } = await browser().newUser();
    await reviewWithStudies(page);
    await page.goto(`/reviews/${SLUG}`);
    await screenshot(page, 'overview-links');
    const stages: Array<[string, string]> = [
      ['Import', '/imports'],
      ['Duplicates', '/duplicates'],
      ['Screening', '/screening/title-abstract'],
      ['Full text', '/screening/full-text'],
      ['Coding', '/coding'],
      ['Synthesis', '/synthesis'],
      ['PRISMA', '/prisma'],
    ];
    const stageList = page.getByRole('list', { name: 'Stages of the review' });
    for (const [name, path] of stages) {
      const response = await navigateBy(page, () => stageList.getByRole('heading', { name }).getByRole('link').click());
      expect(response?.status(), name).toBe(200);
      expectPath(page, `/reviews/${SLUG}${path}`);
      await navigateBy(page, () => overviewTab(page).click());
    }
    for (const [stage, path] of [['screening', '/screening/title-abstract/conflicts'], ['fulltext', '/screening/full-text/conflicts']] as const) {
      const response = await navigateBy(page, () => page.locator(`[data-stage="${stage}"]`).getByRole('link', { name: /^0 conflicts$/ }).click());
      expect(response?.status(), stage).toBe(200);
      expectPath(page, `/reviews/${SLUG}${path}`);
      await navigateBy(page, () => overviewTab(page).click());
    }

    // A stage with nothing left points on to the next one.
    await navigateBy(page, () => stageList.getByRole('heading', { name: 'Screening' }).getByRole('link').click());
    await expect(page.getByRole('heading', { name: 'Nothing left for you here' }).count()).resolves.toBe(1);
    await navigateBy(page, () => page.getByRole('link', { name: 'Go on to full-text screening' }).click());
    expectPath(page, `/reviews/${SLUG}/screening/full-text`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Go on to coding the included studies' }).click());
    expectPath(page, `/reviews/${SLUG}/coding`);
  });

  test('screening settings: each box to tick sits just before its label', { timeout: 60_000 }, async () => {
    const { page } = await browser().newUser();
    await reviewWithStudies(page);
    await page.goto(`/reviews/${SLUG}/screening/title-abstract`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Settings', exact: true }).last().click());
    await screenshot(page, 'screening-settings');
    const boxes = page.locator('.field.checkbox input[type=checkbox]');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) {
      const label = page.locator(`label[for="${await box.getAttribute('id')}"]`);
      const [b, l] = [(await box.boundingBox())!, (await label.boundingBox())!];
      expect(l.x - (b.x + b.width)).toBeGreaterThanOrEqual(0);
      expect(l.x - (b.x + b.width)).toBeLessThan(16);
      expect(Math.abs(l.y - b.y)).toBeLessThan(16);
    }
  });

  test('the extraction form and each study’s extraction are reached by links only', { timeout: 90_000 }, async () => {
    const { page } = await browser().newUser();
    const [first] = await reviewWithStudies(page);
    await page.goto(`/reviews/${SLUG}`);

    // From Synthesis, which speaks of "extraction fields you choose", to the form builder.
    await navigateBy(page, () => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Synthesis', exact: true }).click());
    await navigateBy(page, () => page.getByRole('link', { name: 'extraction fields', exact: true }).click());
    expectPath(page, `/reviews/${SLUG}/coding/form`);
    await fillForm(page, { Label: 'Setting' });
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Short text' });
    await page.getByRole('button', { name: 'Add field', exact: true }).click();
    await expect.poll(() => page.locator('.extraction-builder').innerText()).toContain('Field “Setting” added.');

    // From Coding, to the form and to one study's extraction.
    await navigateBy(page, () => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Coding', exact: true }).click());
    await navigateBy(page, () => page.getByRole('link', { name: 'extraction form', exact: true }).click());
    expectPath(page, `/reviews/${SLUG}/coding/form`);
    await navigateBy(page, () => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name: 'Coding', exact: true }).click());
    await navigateBy(page, () => page.getByRole('link', { name: 'Extraction of Weaver (2016)' }).click());
    expectPath(page, `/reviews/${SLUG}/coding/studies/${first}/extraction`);
    await expect(page.getByLabel('Setting').count()).resolves.toBe(1);

    // From a study's coding page, to its extraction.
    await navigateBy(page, () => page.getByRole('link', { name: 'Code this study' }).click());
    expectPath(page, `/reviews/${SLUG}/coding/studies/${first}`);
    await navigateBy(page, () => page.getByRole('link', { name: 'Extract data' }).click());
    expectPath(page, `/reviews/${SLUG}/coding/studies/${first}/extraction`);
    await screenshot(page, 'study-extraction-by-links');
  });
});
