import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { decide } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import type { ScreeningChoice } from '../../src/screening/stages.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, setupOwner } from '../support/test-app.js';
import { markDocument, screenshot, signIn, useBrowser, VIEWPORT } from '../support/browser.js';

const browser = useBrowser();

const SLUG = 'co-ops';
const CONFLICTS = `/reviews/${SLUG}/screening/title-abstract/conflicts`;
const ABSTRACT = [
  'Background: Social co-operatives in Italy employ people leaving prison alongside other workers, under a law that reserves part of their workforce for disadvantaged people.',
  'Methods: We interviewed 42 worker-members of eleven type-B co-operatives in Lombardy and Piedmont, twice over eighteen months, and analysed the interviews thematically against a framework of individual, relational and systemic change.',
  'Results: Members described work as a place where a new identity could be rehearsed, and colleagues as the first people who expected something of them. Managers described the balance between production and support as fragile, dependent on public contracts.',
  'Conclusions: Co-operative employment supports desistance where it offers belonging as well as income; policy that treats it as a training stage underrates that.',
].join('\n\n');

/**
 * Shortcuts wait while htmx is busy, and a conflict just shown takes no decision for a moment (app.js
 * marks it data-ready; src/screening/read-first.ts): the next key goes only once it is ready.
 */
const settled = (page: Page) => expect.poll(() => page.locator('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added, [data-record]:not([data-ready])').count()).toBe(0);
/** The conflict on screen, 0 when none is (no waiting: once none are left, none comes). */
const shownConflict = (page: Page) => page.evaluate(() => Number(document.querySelector('[data-conflict]')?.getAttribute('data-conflict') ?? 0));
const countText = (page: Page) => page.locator('.conflict-count').innerText();

async function key(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.keyboard.press(name);
}

/** Presses a key that shows another conflict, and waits until it is in place. */
async function keyToNext(page: Page, name: string): Promise<void> {
  const before = await shownConflict(page);
  await key(page, name);
  await expect.poll(() => shownConflict(page)).not.toBe(before);
  await settled(page);
}

/** The page did not jump: it is at its top, with the record's title, the decisions and the keys in view. */
async function expectInView(page: Page, locators: Locator[]): Promise<void> {
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const height = page.viewportSize()!.height;
  for (const locator of locators) {
    const box = (await locator.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
  }
}

describe('conflicts in the browser', () => {
  test('an owner resolves conflicts with the keyboard alone, one at a time, each swapped in place', { timeout: 120_000 }, async () => {
    // Rita and Sam screened blind and disagree on five records; the owner resolves them.
    const app = browser().testApp.app;
    const owner = await setupOwner(app);
    await addPeople(app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam']]);
    await createReview(owner, { title: 'Social co-operatives', slug: SLUG }, ['rita', 'sam']);
    const reviewId = await reviewIdOf(app.db, SLUG);
    const { ids } = await insertSearch(app.db, reviewId, Array.from({ length: 5 }, (_, i) => ({
      title: `Working in a social co-operative after prison: study ${i + 1}`,
      authors: ['Rossi, Maria', 'Bianchi, Luca', 'Svensson, Anna'],
      journal: 'Probation Journal',
      abstract: ABSTRACT,
      year: 2018 + i,
    })));
    const reasons = (await app.db.selectFrom('exclusionReason').select(['id', 'text']).where('reviewId', '=', reviewId).where('list', '=', 'title_abstract').orderBy('position').execute());
    const people = await app.db.selectFrom('account').select(['id', 'email']).execute();
    const as = (handle: string) => ({ reviewId, actorId: people.find((p) => p.email === `${handle}@example.org`)!.id });
    await changeSettings(app.db, { reviewId, actorId: 1 }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    const plan: Array<[ScreeningChoice, ScreeningChoice]> = [['include', 'exclude'], ['exclude', 'maybe'], ['include', 'maybe'], ['exclude', 'include'], ['maybe', 'exclude']];
    for (const [i, [r, s]] of plan.entries()) {
      const reason = (choice: ScreeningChoice) => (choice === 'exclude' ? reasons[0]!.id : null);
      await decide(app.db, as('rita'), { recordId: ids[i]!, stage: 'title_abstract', decision: r, reasonId: reason(r), note: i === 0 ? 'Employment, but only as a training placement' : '', labels: [] });
      await decide(app.db, as('sam'), { recordId: ids[i]!, stage: 'title_abstract', decision: s, reasonId: reason(s), note: '', labels: [] });
    }

    const { page } = await browser().newUser();
    await signIn(page, { email: 'owner@example.org', password: 'owner-password-1' });
    await page.goto(CONFLICTS);
    const finals = async () => (await app.db.selectFrom('screeningEvent').select('id').where('kind', '=', 'final').execute()).length;
    const sameDocument = await markDocument(page);
    const title = page.locator('.screen-title');
    const inView = [title, page.locator('.screen-abstract p').first(), page.locator('.conflict-decisions'), page.getByRole('button', { name: /^Include/ }), page.getByRole('button', { name: /^Exclude/ })];

    // The first conflict: title, abstract, both decisions side by side with the note, the keys, the count.
    expect(await shownConflict(page)).toBe(ids[0]);
    expect(await countText(page)).toBe('1 of 5 conflicts');
    const decisions = await page.locator('.conflict-decision').allInnerTexts();
    expect(decisions).toHaveLength(2);
    expect(decisions[0]).toContain('Rita Reviewer');
    expect(decisions[0]).toContain('Employment, but only as a training placement');
    expect(decisions[1]).toContain('Sam Second');
    expect(decisions[1]).toContain(reasons[0]!.text);
    await expectInView(page, inView);
    await screenshot(page, 'conflicts-1366x768');

    // J and → go on, K and ← go back, in place.
    await keyToNext(page, 'j');
    expect(await countText(page)).toBe('2 of 5 conflicts');
    await keyToNext(page, 'ArrowLeft');
    expect(await shownConflict(page)).toBe(ids[0]);
    await keyToNext(page, 'ArrowRight');
    await keyToNext(page, 'k');
    expect(page.url()).toContain(`?record=${ids[0]}`);

    // I: include, and the next conflict takes its place; nothing jumped. I pressed twice (a key
    // bouncing, a double press) decides only the conflict that was read.
    await key(page, 'i');
    await page.waitForTimeout(150);
    await page.keyboard.press('i');
    await expect.poll(() => shownConflict(page)).toBe(ids[1]);
    await settled(page);
    expect(await shownConflict(page)).toBe(ids[1]);
    expect(await countText(page)).toBe('1 of 4 conflicts');
    expect(await finals()).toBe(1);
    await expect(page.locator('.screen-notice').innerText()).resolves.toContain('Final decision, include');
    await expectInView(page, inView);

    // Rita excluded with a reason, Sam said maybe: E excludes with Rita's reason, no choosing.
    await expect(page.locator('.shared-reason').innerText()).resolves.toContain(reasons[0]!.text);
    await keyToNext(page, 'e');
    expect(await countText(page)).toBe('1 of 3 conflicts');
    await expectInView(page, inView);

    // A note (N, type, Esc) goes with the decision; 3 excludes with the third reason.
    await key(page, 'n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('resolve-note');
    await page.keyboard.type('Sample is probation staff, not people leaving prison');
    await page.keyboard.press('Escape');
    // Moving away and back keeps the note typed for this conflict.
    await keyToNext(page, 'j');
    await expect(page.locator('#resolve-note').inputValue()).resolves.toBe('');
    await keyToNext(page, 'k');
    await expect(page.locator('#resolve-note').inputValue()).resolves.toBe('Sample is probation staff, not people leaving prison');
    await keyToNext(page, '3');
    await expectInView(page, inView);

    // From Tab and Enter on a button, focus stays on that button in the next conflict.
    const include = page.locator('#resolve-include');
    for (let i = 0; i < 40 && !(await include.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(include.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await keyToNext(page, 'Enter');
    await expect(page.locator('#resolve-include').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect(await countText(page)).toBe('1 of 1 conflict');
    await keyToNext(page, 'm');

    // None left: the page says so and points on.
    await expect(page.locator('#screen h2').innerText()).resolves.toBe('No conflicts left');
    await expect(page.getByRole('link', { name: 'Go on to full-text screening' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Back to the Overview' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'conflicts-none-left');
    expect(await sameDocument()).toBe(true);

    const outcomes = await app.db.selectFrom('screeningItem').select(['recordId', 'status', 'outcome', 'finalReasonId', 'finalNote']).where('stage', '=', 'title_abstract').orderBy('recordId').execute();
    expect(outcomes).toEqual([
      { recordId: ids[0], status: 'decided', outcome: 'include', finalReasonId: null, finalNote: '' },
      { recordId: ids[1], status: 'decided', outcome: 'exclude', finalReasonId: reasons[0]!.id, finalNote: '' },
      { recordId: ids[2], status: 'decided', outcome: 'exclude', finalReasonId: reasons[2]!.id, finalNote: 'Sample is probation staff, not people leaving prison' },
      { recordId: ids[3], status: 'decided', outcome: 'include', finalReasonId: null, finalNote: '' },
      { recordId: ids[4], status: 'decided', outcome: 'maybe', finalReasonId: null, finalNote: '' },
    ]);
    expect(await finals()).toBe(5);
    await browser().expectNoProblems();
  });

  test('the conflicts page on a wide screen and on a phone', { timeout: 60_000 }, async () => {
    const app = browser().testApp.app;
    const owner = await setupOwner(app);
    await addPeople(app, owner, [['Rita Reviewer', 'rita'], ['Sam Second', 'sam']]);
    await createReview(owner, { title: 'Social co-operatives', slug: SLUG }, ['rita', 'sam']);
    const reviewId = await reviewIdOf(app.db, SLUG);
    const { ids } = await insertSearch(app.db, reviewId, [{ title: 'Working in a social co-operative after prison', authors: ['Rossi, Maria'], journal: 'Probation Journal', abstract: ABSTRACT, year: 2020 }]);
    const people = await app.db.selectFrom('account').select(['id', 'email']).execute();
    const as = (handle: string) => ({ reviewId, actorId: people.find((p) => p.email === `${handle}@example.org`)!.id });
    await changeSettings(app.db, { reviewId, actorId: 1 }, 'title_abstract', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    await decide(app.db, as('rita'), { recordId: ids[0]!, stage: 'title_abstract', decision: 'include', reasonId: null, note: 'Employment, but only as a training placement', labels: [] });
    await decide(app.db, as('sam'), { recordId: ids[0]!, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });

    const { page } = await browser().newUser();
    await signIn(page, { email: 'owner@example.org', password: 'owner-password-1' });
    await page.goto(CONFLICTS);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectInView(page, [page.locator('.screen-title'), page.locator('.conflict-decisions'), page.getByRole('button', { name: /^Include/ })]);
    await screenshot(page, 'conflicts-1920x1080');
    // On a phone the decisions come first, then the record, nothing wider than the screen, and the
    // keys stay at the bottom of the screen while the abstract is read.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectInView(page, [page.locator('.conflict-nav'), page.locator('.conflict-decisions'), page.locator('.screen-title'), page.getByRole('button', { name: /^Include/ }), page.getByRole('button', { name: /^Exclude/ })]);
    await screenshot(page, 'conflicts-390x844');
    await page.setViewportSize(VIEWPORT);
    await page.goto(`${CONFLICTS}/list`);
    await screenshot(page, 'conflicts-list');
    await browser().expectNoProblems();
  });
});
