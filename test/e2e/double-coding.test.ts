import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import {
  acceptInvitation, addPerson, createOwnerAccount, expectPath, fillForm, firstSignIn, invite, navigateBy, submitForm, useBrowser, type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const ANNA: Person = { name: 'Anna Coder', email: 'anna@example.org', password: 'anna-passphrase-1' };
const BEN: Person = { name: 'Ben Coder', email: 'ben@example.org', password: 'ben-passphrase-1' };
const SLUG = 'coops';
const TITLE = 'Desistance and social co-operatives';
const ANNA_TEXT = 'ANNA: “Here I am a member, not a case,” said one worker.';
const BEN_TEXT = 'BEN: Employers still asked about convictions, and the answer closed the door.';

const idle = (page: Page) => expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added').count()).toBe(0);

/** Quotes an excerpt with one code in the coder's own pass (htmx: the list grows in place). */
async function quote(page: Page, text: string, code: string, expected: number) {
  const add = page.locator('.excerpt-add');
  await add.getByLabel('Quoted text').fill(text);
  await add.getByLabel('Page or location').fill('p. 14');
  await add.getByLabel(code, { exact: true }).check();
  await add.getByRole('button', { name: 'Add excerpt' }).click();
  await expect.poll(() => page.locator('#excerpts .excerpt').count()).toBe(expected);
  await idle(page);
}

describe('double coding in the browser', () => {
  test('two coders code a study blind to each other, both finish, and one reaches the consensus with an excerpt from each', { timeout: 180_000 }, async () => {
    const owner = (await browser().newUser()).page;
    await createOwnerAccount(owner, OWNER);
    await fillForm(owner, { Title: TITLE, 'Short name': SLUG });
    await owner.getByLabel('Start the codebook from the desistance / social co-operatives framework').check();
    await submitForm(owner, 'Create review');
    for (const person of [ANNA, BEN]) await addPerson(owner, person);
    for (const person of [ANNA, BEN]) await invite(owner, SLUG, person.email);

    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
    const { ids } = await insertSearch(db, reviewId, [{ title: 'Working together: social co-operatives and desistance in Italy', authors: ['Weaver, Beth'], year: 2016 }]);
    await includeStudies(db, { reviewId, actorId: ownerId }, ids);
    const study = ids[0]!;
    const codes = Object.fromEntries(flattenCodebook(await codebookTree(db, reviewId)).map((c) => [c.name, c.id]));

    // The owner chooses double coding on the coding page.
    await owner.goto(`/reviews/${SLUG}/coding`);
    await owner.getByLabel(/Independent double coding/).check();
    await submitForm(owner, 'Save coding mode');
    await expect(owner.locator('#double-coding').innerText()).resolves.toContain('Coder agreement');

    const annaUser = await browser().newUser();
    const benUser = await browser().newUser();
    const [anna, ben] = [annaUser.page, benUser.page];
    for (const [page, person] of [[anna, ANNA], [ben, BEN]] as const) {
      await firstSignIn(page, person);
      await acceptInvitation(page, TITLE);
    }

    // Anna opens the study from the coding page and lands in her own pass.
    await anna.goto(`/reviews/${SLUG}/coding`);
    await navigateBy(anna, () => anna.getByRole('link', { name: 'Weaver (2016)', exact: true }).click());
    expectPath(anna, `/reviews/${SLUG}/coding/studies/${study}/pass`);
    await quote(anna, ANNA_TEXT, 'Identity change', 1);
    await anna.locator(`#chip-${codes.Relational}`).click();
    await expect.poll(() => anna.locator(`#chip-${codes.Relational}`).getAttribute('aria-pressed')).toBe('true');
    await idle(anna);

    // Ben, in his own pass, sees nothing of Anna's.
    await ben.goto(`/reviews/${SLUG}/coding/studies/${study}`);
    expectPath(ben, `/reviews/${SLUG}/coding/studies/${study}/pass`);
    expect(await ben.content()).not.toContain('ANNA:');
    await expect(ben.locator('#excerpts .excerpt').count()).resolves.toBe(0);
    await expect(ben.locator('.code-chip[aria-pressed="true"]').count()).resolves.toBe(0);
    await quote(ben, BEN_TEXT, 'Stigma and criminal records', 1);
    expect(await ben.content()).not.toContain('ANNA:');
    await anna.reload();
    expect(await anna.content()).not.toContain('BEN:');

    // Both finish; until Ben has, Anna's finished pass stays hidden from him.
    annaUser.acceptNextConfirm();
    await submitForm(anna, 'I have finished coding this study');
    await expect(anna.locator('#coding-pass').innerText()).resolves.toContain('You have finished your pass');
    await ben.reload();
    expect(await ben.content()).not.toContain('ANNA:');
    benUser.acceptNextConfirm();
    await submitForm(ben, 'I have finished coding this study');

    // Ben reaches the consensus: both passes side by side; he takes one excerpt from each.
    await navigateBy(ben, () => ben.getByRole('link', { name: 'Both passes are finished: go to the consensus' }).click());
    expectPath(ben, `/reviews/${SLUG}/coding/studies/${study}/consensus`);
    const annaSide = ben.getByRole('region', { name: 'Anna Coder’s pass' });
    const benSide = ben.getByRole('region', { name: 'Ben Coder’s pass' });
    await expect(annaSide.innerText()).resolves.toContain('ANNA:');
    await expect(benSide.innerText()).resolves.toContain('BEN:');
    await submitForm(ben, 'Take this excerpt as it is', annaSide);
    await expect(annaSide.innerText()).resolves.toContain('In the agreed coding');
    await submitForm(ben, 'Take this excerpt as it is', benSide);
    await expect(ben.locator('.consensus-agreed .excerpt').count()).resolves.toBe(2);
    benUser.acceptNextConfirm();
    await submitForm(ben, 'Consensus complete');
    await expect(ben.locator('.consensus-agreed').innerText()).resolves.toContain('Consensus complete');

    // The study's coding page is now the agreed coding: the two excerpts taken.
    await navigateBy(ben, () => ben.getByRole('link', { name: 'Edit, add excerpts and apply codes on the study’s coding page' }).click());
    expectPath(ben, `/reviews/${SLUG}/coding/studies/${study}`);
    const agreed = ben.locator('#excerpts .excerpt');
    await expect(agreed.count()).resolves.toBe(2);
    await expect(agreed.nth(0).innerText()).resolves.toContain('ANNA:');
    await expect(agreed.nth(1).innerText()).resolves.toContain('BEN:');
    const counters = await readCounters(db, reviewId);
    expect([counters.studies_coded, counters.excerpts]).toEqual([1, 2]);
    await browser().expectNoProblems();
  });
});
