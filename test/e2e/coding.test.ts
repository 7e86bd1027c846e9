import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import {
  createOwnerAccount, expectPath, fillForm, markDocument, navigateBy, screenshot, submitForm, useBrowser, VIEWPORT, type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';

const reviewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });
const idle = (page: Page) => expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added').count()).toBe(0);

describe('coding in the browser', () => {
  test('a review made with the framework; a study coded with codes, two excerpts and a memo, all in place', { timeout: 120_000 }, async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Desistance and social co-operatives', 'Short name': SLUG });
    await page.getByLabel('Start the codebook from the desistance / social co-operatives framework').check();
    await screenshot(page, 'coding-new-review');
    await submitForm(page, 'Create review');

    // Two included studies, the way screening leaves them.
    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(db, reviewId, [
      {
        title: 'Working <i>together</i>: social co-operatives and the desistance process in Italy',
        authors: ['Weaver, Beth', 'Nicholson, Dave'],
        year: 2016,
        journal: 'European Journal of Probation',
        abstract: 'This article draws on interviews with members of three social co-operatives in northern Italy who have criminal convictions.\n\nMembership, shared ownership and meaningful work supported new identities and hope, while criminal records continued to close doors.',
      },
      { title: 'Making good: how ex-convicts reform and rebuild their lives', authors: ['Maruna, Shadd'], year: 2001, journal: 'American Psychological Association' },
    ]);
    await includeStudies(db, { reviewId, actorId: ownerId }, ids);
    const codes = Object.fromEntries(flattenCodebook(await codebookTree(db, reviewId)).map((c) => [c.name, c.id]));
    expect(Object.keys(codes)).toHaveLength(25);

    await navigateBy(page, () => reviewTab(page, 'Coding').click());
    expectPath(page, `/reviews/${SLUG}/coding`);
    await expect(page.locator('.coding-studies').innerText()).resolves.toContain('Weaver and Nicholson (2016)');
    await screenshot(page, 'coding-overview-before');

    await navigateBy(page, () => page.getByRole('link', { name: 'Weaver and Nicholson (2016)', exact: true }).click());
    expectPath(page, `/reviews/${SLUG}/coding/studies/${ids[0]}`);
    // At 1366×768 the study, its abstract and the codes for the whole study are in view together.
    for (const locator of [page.locator('#study-label'), page.locator('.study-abstract p').first(), page.locator(`#chip-${codes.Relational}`)]) {
      const box = (await locator.boundingBox())!;
      expect(box.y + Math.min(box.height, 30)).toBeLessThan(VIEWPORT.height);
    }
    await screenshot(page, 'coding-study-start');
    const sameDocument = await markDocument(page);

    // Codes for the whole study: a click, then the keyboard alone (Tab to the chip, Space); focus stays on the chip.
    const chip = (name: string) => page.locator(`#chip-${codes[name]}`);
    await chip('Relational').click();
    await expect.poll(() => chip('Relational').getAttribute('aria-pressed')).toBe('true');
    await idle(page);
    await chip('Systemic').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => chip('Enables').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`chip-${codes.Enables}`);
    await idle(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => chip('Enables').getAttribute('aria-pressed')).toBe('false');
    await idle(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => chip('Enables').getAttribute('aria-pressed')).toBe('true');
    await idle(page);
    await chip('Italy').click();
    await expect.poll(() => chip('Italy').getAttribute('aria-pressed')).toBe('true');
    await expect(page.locator('#study-codes [role="status"]').textContent()).resolves.toBe('Applied “Italy”.');
    await idle(page);

    // The first excerpt, with two codes and a memo.
    const add = page.locator('.excerpt-add');
    await add.getByLabel('Quoted text').fill('“Here I am a member, not a case,” said one worker: “I own a piece of this.”');
    await add.getByLabel('Page or location').fill('p. 14');
    await add.getByLabel('Identity change', { exact: true }).check();
    await add.getByLabel('Co-operative structure and governance', { exact: true }).check();
    await add.getByLabel(/^Memo/).fill('Ownership as a new identity.');
    await add.getByRole('button', { name: 'Add excerpt' }).click();
    await expect.poll(() => page.locator('.excerpt').count()).toBe(1);
    await expect(page.locator('#excerpts [role="status"]').textContent()).resolves.toBe('Excerpt added.');
    await idle(page);
    // A refusal keeps what was typed: the second excerpt without a code first.
    await add.getByLabel('Quoted text').fill('Employers still asked about convictions, and the answer closed the door.');
    await add.getByLabel('Page or location').fill('p. 21');
    await add.getByRole('button', { name: 'Add excerpt' }).click();
    await expect.poll(() => page.locator('#excerpts .excerpt-codes.has-error').count()).toBe(1);
    await expect(page.locator('#excerpts .excerpt-codes .error').textContent()).resolves.toBe('Choose at least one code for the excerpt.');
    await expect(add.getByLabel('Quoted text').inputValue()).resolves.toBe('Employers still asked about convictions, and the answer closed the door.');
    await idle(page);
    await add.getByLabel('Stigma and criminal records', { exact: true }).check();
    await add.getByLabel('Constrains', { exact: true }).check();
    await add.getByRole('button', { name: 'Add excerpt' }).click();
    await expect.poll(() => page.locator('.excerpt').count()).toBe(2);
    await idle(page);
    await expect(page.locator('.excerpt').nth(1).innerText()).resolves.toContain('Stigma and criminal records');

    // The study memo.
    await page.getByRole('textbox', { name: 'Study memo' }).fill('Strong on governance and identity; little on outcomes after two years.');
    await page.getByRole('button', { name: 'Save memo' }).click();
    await expect.poll(() => page.locator('#study-memo [role="status"]').textContent()).toBe('Memo saved.');
    await idle(page);
    expect(await sameDocument()).toBe(true);
    await screenshot(page, 'coding-study-coded');

    const stored = await db.selectFrom('excerpt').select(['id', 'text', 'location', 'memo', 'createdBy']).where('recordId', '=', ids[0]!).orderBy('id').execute();
    expect(stored.map((e) => [e.location, e.memo, e.createdBy])).toEqual([['p. 14', 'Ownership as a new identity.', ownerId], ['p. 21', '', ownerId]]);
    const excerptCodes = await db.selectFrom('excerptCode').select(['excerptId', 'codeId']).orderBy('excerptId').orderBy('codeId').execute();
    expect(excerptCodes).toEqual([
      ...[codes['Identity change']!, codes['Co-operative structure and governance']!].sort((a, b) => a - b).map((codeId) => ({ excerptId: stored[0]!.id, codeId })),
      ...[codes['Stigma and criminal records']!, codes.Constrains!].sort((a, b) => a - b).map((codeId) => ({ excerptId: stored[1]!.id, codeId })),
    ]);
    const studyCodes = await db.selectFrom('studyCode').select('codeId').where('recordId', '=', ids[0]!).orderBy('codeId').execute();
    expect(studyCodes.map((c) => c.codeId)).toEqual([codes.Relational!, codes.Enables!, codes.Italy!].sort((a, b) => a - b));
    const counters = await readCounters(db, reviewId);
    expect([counters.studies_coded, counters.excerpts]).toEqual([1, 2]);

    // J goes to the next study by label (Weaver and Nicholson come after Maruna: K goes back to it).
    await navigateBy(page, () => page.keyboard.press('k'));
    expectPath(page, `/reviews/${SLUG}/coding/studies/${ids[1]}`);
    await navigateBy(page, () => page.getByRole('link', { name: '← All studies' }).click());
    await expect(page.locator(`tr[data-study="${ids[0]}"]`).innerText()).resolves.toMatch(/3\s+2\s+memo/);
    await screenshot(page, 'coding-overview-after');

    await navigateBy(page, () => page.getByRole('link', { name: 'Edit codebook' }).click());
    await page.locator(`#code-${codes.Hope} > .codebook-entry > .code-editor > summary`).click();
    await screenshot(page, 'coding-codebook');
    await browser().expectNoProblems();
  });
});
