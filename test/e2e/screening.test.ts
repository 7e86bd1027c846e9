import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { importThroughForm } from '../support/browser-imports.js';
import { fixturePath } from '../support/fixture-exports.js';
import { decideByKey, idle, press, shownRecord } from '../support/screening-keys.js';
import {
  acceptInvitation, addPerson, createOwnerAccount, expectPath, fillForm, firstSignIn, invite, markDocument, navigateBy, screenshot, submitForm, useBrowser,
  VIEWPORT, type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const RITA: Person = { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-passphrase-1' };
const SAM: Person = { name: 'Sam Second', email: 'sam@example.org', password: 'sam-passphrase-1' };
const SLUG = 'harms';
// 24 records, each with an abstract (test/fixtures/exports/README.md).
const FILE = fixturePath('lens.ris');

const reviewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });

async function createReviewWithRecords(page: Page): Promise<void> {
  await createOwnerAccount(page, OWNER);
  await fillForm(page, { Title: 'Gambling harms', 'Short name': SLUG });
  await submitForm(page, 'Create review');
  await importThroughForm(page, [FILE], 'Lens');
}

describe('screening in the browser', () => {
  test('one reviewer screens ten records with the keyboard alone', { timeout: 120_000 }, async () => {
    const { page } = await browser().newUser();
    await createReviewWithRecords(page);
    await navigateBy(page, () => reviewTab(page, 'Screening').click());
    expectPath(page, `/reviews/${SLUG}/screening/title-abstract`);

    // At 1366×768 the decision buttons, the title and the start of the abstract are all in view.
    for (const locator of [page.getByRole('button', { name: /^Include/ }), page.locator('.screen-title'), page.locator('.screen-abstract p').first()]) {
      const box = (await locator.boundingBox())!;
      expect(box.y + Math.min(box.height, 40)).toBeLessThan(VIEWPORT.height);
    }
    await screenshot(page, 'screening-title-abstract');
    const sameDocument = await markDocument(page);
    const first = await shownRecord(page);

    await press(page, '?');
    await expect.poll(() => page.locator('.shortcut-help dl').isVisible()).toBe(true);
    await decideByKey(page, 'i');
    await decideByKey(page, 'e');
    await decideByKey(page, 'm');
    await decideByKey(page, '1');
    // N opens the note; Esc leaves it; the next decision saves it.
    await press(page, 'n');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-note');
    await page.keyboard.type('Population is adults on probation');
    await page.keyboard.press('Escape');
    const noted = await shownRecord(page);
    await decideByKey(page, 'i');
    // U brings back the last record with its decision undone; E decides it again.
    const undone = await shownRecord(page);
    await decideByKey(page, 'e');
    await press(page, 'u');
    await expect.poll(() => shownRecord(page)).toBe(undone);
    await expect(page.locator('.screen-notice').innerText()).resolves.toContain('Undone');
    await decideByKey(page, 'e');
    // ← goes back through the records just decided; → skips on.
    await press(page, 'ArrowLeft');
    await expect.poll(() => shownRecord(page)).toBe(undone);
    await press(page, 'ArrowLeft');
    await expect.poll(() => shownRecord(page)).toBe(noted);
    await expect(page.locator('.mine').innerText()).resolves.toContain('Include');
    await expect(page.locator('#f-note').inputValue()).resolves.toBe('Population is adults on probation');
    await press(page, 'ArrowRight');
    await expect.poll(() => shownRecord(page)).not.toBe(noted);
    for (const key of ['e', '2', 'i', 'e']) await decideByKey(page, key);

    await expect(page.locator('.progress-mine').innerText()).resolves.toContain('10 decided');
    expect(await sameDocument()).toBe(true);
    const db = browser().testApp.app.db;
    const decisions = await db.selectFrom('screeningDecision').select(['recordId', 'decision', 'note']).orderBy('decidedAt').execute();
    expect(decisions).toHaveLength(10);
    expect(decisions[0]).toMatchObject({ recordId: first, decision: 'include' });
    expect(decisions.map((d) => d.decision)).toEqual(['include', 'exclude', 'maybe', 'exclude', 'include', 'exclude', 'exclude', 'exclude', 'include', 'exclude']);
    expect(decisions.find((d) => d.recordId === noted)).toMatchObject({ decision: 'include', note: 'Population is adults on probation' });
    await screenshot(page, 'screening-after-ten');

    // The record on screen is held for this reviewer; leaving the page lets go of it (a beacon on pagehide).
    const leases = () => db.selectFrom('screeningLease').select('recordId').execute();
    expect(await leases()).toEqual([{ recordId: await shownRecord(page) }]);
    await navigateBy(page, () => reviewTab(page, 'Records').click());
    await expect.poll(leases).toEqual([]);
    await browser().expectNoProblems();
  });

  test('two reviewers screen the same 20 records blind; the owner resolves three conflicts; agreement shows the kappa', { timeout: 180_000 }, async () => {
    const owner = (await browser().newUser()).page;
    await createReviewWithRecords(owner);
    for (const person of [RITA, SAM]) await addPerson(owner, person);
    for (const person of [RITA, SAM]) await invite(owner, SLUG, person.email);
    // Two reviewers per record, blind, set by the owner on the screening settings page.
    await navigateBy(owner, () => reviewTab(owner, 'Screening').click());
    await navigateBy(owner, () => owner.getByRole('navigation', { name: 'Screening pages' }).getByRole('link', { name: 'Settings' }).click());
    const ta = owner.locator('form', { has: owner.getByRole('heading', { name: 'Title and abstract' }) });
    await ta.getByLabel('Reviewers per record').selectOption({ label: '2, independently' });
    await ta.getByLabel(/^Blind/).check();
    await submitForm(owner, 'Save title and abstract settings');

    const rita = (await browser().newUser()).page;
    const sam = (await browser().newUser()).page;
    for (const [page, person] of [[rita, RITA], [sam, SAM]] as const) {
      await firstSignIn(page, person);
      await acceptInvitation(page, 'Gambling harms');
      await page.goto(`/reviews/${SLUG}/screening/title-abstract`);
    }
    // Rita includes the first 7 records, Sam the first 5 and the 8th: they disagree on records 6, 7 and 8.
    const ritaPlan = Array.from({ length: 20 }, (_, i) => (i < 7 ? 'i' : 'e'));
    const samPlan = Array.from({ length: 20 }, (_, i) => (i < 5 || i === 7 ? 'i' : 'e'));
    const order: number[] = [];
    const screen = async (page: Page, plan: string[], from: number, to: number, other: Person) => {
      for (let i = from; i < to; i++) {
        const record = await shownRecord(page);
        if (order[i] === undefined) order[i] = record;
        expect(record).toBe(order[i]);
        const region = await page.locator('#screen').innerText();
        expect(region).toContain('Blind screening');
        expect(region).not.toContain(other.name);
        await decideByKey(page, plan[i]!);
      }
    };
    await screen(rita, ritaPlan, 0, 10, SAM);
    await screen(sam, samPlan, 0, 20, RITA);
    await screen(rita, ritaPlan, 10, 20, SAM);
    await screenshot(sam, 'screening-blind-reviewer');
    // Neither sees the other's choices on a record they both decided, even by its address.
    for (const [page, other] of [[rita, SAM], [sam, RITA]] as const) {
      await page.goto(`/reviews/${SLUG}/screening/title-abstract?record=${order[6]}`);
      expect(await page.locator('#screen').innerText()).not.toContain(other.name);
    }

    // The list shows the three in order; resolving goes one at a time (test/e2e/conflicts.test.ts has the keys).
    await owner.goto(`/reviews/${SLUG}/screening/title-abstract/conflicts/list`);
    const listed = owner.locator('[data-conflict]');
    expect(await listed.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-conflict'))))).toEqual([order[5], order[6], order[7]]);
    await expect(listed.first().innerText()).resolves.toContain(RITA.name);
    await navigateBy(owner, () => owner.getByRole('link', { name: 'Resolve one at a time' }).click());
    await screenshot(owner, 'screening-conflicts');
    for (const record of [order[5], order[6], order[7]]) {
      await expect.poll(() => owner.locator('[data-conflict]').getAttribute('data-conflict')).toBe(String(record));
      // A conflict just shown takes no decision for a moment (app.js): click once it is ready.
      await idle(owner);
      await owner.getByRole('button', { name: /^Include/ }).click();
    }
    await expect.poll(() => owner.locator('#screen').innerText()).toContain('No conflicts left');

    // 20 records: both include 5, Rita only 2, Sam only 1, both exclude 12. p_o = 17/20 = 0.85;
    // p_e = 0.35 × 0.30 + 0.65 × 0.70 = 0.56; kappa = (0.85 − 0.56) / (1 − 0.56) = 0.659.
    await navigateBy(owner, () => owner.getByRole('link', { name: /Title and abstract screening/ }).click());
    await navigateBy(owner, () => owner.getByRole('navigation', { name: 'Screening pages' }).getByRole('link', { name: 'Agreement' }).click());
    const agreement = await owner.locator('main').innerText();
    expect(agreement).toContain('0.659');
    expect(agreement).toContain('85.0%');
    await screenshot(owner, 'screening-agreement');
    const db = browser().testApp.app.db;
    const counters = await db.selectFrom('reviewCounter').select(['name', 'value']).where('name', 'in', ['ta_screened', 'ta_included', 'ta_conflicts']).execute();
    expect(Object.fromEntries(counters.map((c) => [c.name, c.value]))).toEqual({ ta_screened: 20, ta_included: 8, ta_conflicts: 0 });
    await browser().expectNoProblems();
  });
});
