import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  acceptInvitation,
  addPerson,
  expectPath,
  fillForm,
  firstSignIn,
  flash,
  invite,
  markDocument,
  navigateBy,
  screenshot,
  signIn,
  signOut,
  submitForm,
  temporaryPassword,
  useBrowser,
  type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const REVIEWER: Person = { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-temporary-1' };
const OUTSIDER: Person = { name: 'Nico Outsider', email: 'nico@example.org', password: 'nico-temporary-1' };

// Hostile on purpose: if any page rendered it as markup, the script would run and alert().
const TITLE = 'Co-ops & desistance <script>alert(1)</script>';
const SLUG = 'coops-desistance';

const INCLUSION = ['Adults with a custodial sentence', 'Work in a social co-operative'];
const EXCLUSION = 'Programmes inside prison only';
const REASON = 'Wrong jurisdiction';

function region(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

function reviewTab(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });
}

function mainNav(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** The review title must show as the literal text typed, wherever it appears. */
async function expectTitleAsText(page: Page, { inDocumentTitle = true } = {}): Promise<void> {
  if (inDocumentTitle) await expect(page.title()).resolves.toContain(TITLE);
  const shown = await page.getByText(TITLE, { exact: true }).count();
  expect(shown).toBeGreaterThan(0);
  // No element was created from it: only Coreview's own external scripts exist.
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? `inline: ${e.textContent}`));
  expect(scripts).toEqual(['/assets/htmx.min.js', '/assets/app.js', '/assets/unsaved-changes.js']);
}

describe('first run, as a new team would do it', () => {
  test('owner sets up, builds a protocol and a team; a member sees it, an outsider gets 404', { timeout: 120_000 }, async () => {
    const { page, dialogs } = await browser().newUser();

    // --- First run: the start page is the owner account form.
    await page.goto('/');
    expectPath(page, '/setup');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome to Coreview');
    await screenshot(page, '01-first-run');
    // The name field has focus: the person can type straight away and move on with Tab.
    await page.keyboard.type(OWNER.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OWNER.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OWNER.password);
    await navigateBy(page, () => page.keyboard.press('Enter'));
    expectPath(page, '/reviews/new');
    await expect(flash(page).textContent()).resolves.toContain('Your owner account is ready');

    // The first-run page is gone once the owner exists.
    const again = await page.goto('/setup');
    expect(again?.status()).toBe(404);

    // --- Create a review whose title is hostile markup.
    await page.goto('/reviews/new');
    await screenshot(page, '10-new-review');
    await fillForm(page, {
      Title: TITLE,
      'Short name': SLUG,
      'Research question': 'What do social co-operatives contribute to desistance?',
    });
    await submitForm(page, 'Create review');
    expectPath(page, `/reviews/${SLUG}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
    await expectTitleAsText(page);
    const stages = await page.getByRole('list', { name: 'Stages of the review' }).getByRole('heading').allTextContents();
    expect(stages.map((s) => s.replace(/^\d+\.\s*/, ''))).toEqual(['Import', 'Duplicates', 'Screening', 'Full text', 'Coding', 'Synthesis', 'PRISMA']);
    await screenshot(page, '03-dashboard');

    // --- Protocol: every edit swaps its own section in place, without a page load.
    await navigateBy(page, () => reviewTab(page, 'Protocol').click());
    expectPath(page, `/reviews/${SLUG}/protocol`);
    await expectTitleAsText(page);
    const sameDocument = await markDocument(page);

    const inclusion = region(page, 'Inclusion criteria');
    for (const [index, text] of INCLUSION.entries()) {
      // Keyboard: type into the add field and press Enter. The second add uses the swapped-in form.
      await inclusion.getByLabel('New inclusion criterion', { exact: true }).fill(text);
      await inclusion.getByLabel('New inclusion criterion', { exact: true }).press('Enter');
      await expect.poll(() => inclusion.getByLabel(`Inclusion criteria ${index + 1}`, { exact: true }).inputValue()).toBe(text);
    }
    expect(await sameDocument()).toBe(true);

    const exclusion = region(page, 'Exclusion criteria');
    await exclusion.getByLabel('New exclusion criterion', { exact: true }).fill(EXCLUSION);
    await exclusion.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => exclusion.getByLabel('Exclusion criteria 1', { exact: true }).inputValue()).toBe(EXCLUSION);
    expect(await sameDocument()).toBe(true);

    const terms = region(page, 'Highlight terms');
    await fillForm(terms, {
      'Include terms (one per line)': 'social co-operative\ndesistance\nDesistance',
      'Exclude terms (one per line)': 'randomised controlled trial',
    });
    await terms.getByRole('button', { name: 'Save terms' }).click();
    // The server's answer is the saved list: repeats dropped, sorted.
    await expect.poll(() => terms.getByLabel('Include terms (one per line)').inputValue()).toBe('desistance\nsocial co-operative');
    await expect(terms.getByLabel('Exclude terms (one per line)').inputValue()).resolves.toBe('randomised controlled trial');
    expect(await sameDocument()).toBe(true);

    const reasons = region(page, 'Title and abstract');
    const seeded = await reasons.getByRole('listitem').count();
    expect(seeded).toBeGreaterThan(0);
    await reasons.getByLabel('New title/abstract reason', { exact: true }).fill(REASON);
    await reasons.getByLabel('New title/abstract reason', { exact: true }).press('Enter');
    await expect.poll(() => reasons.getByLabel(`Title and abstract ${seeded + 1}`, { exact: true }).inputValue()).toBe(REASON);
    expect(await sameDocument()).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/reviews/${SLUG}/protocol`);

    // Everything was saved: a fresh load (a new document) shows it all.
    await page.reload();
    expect(await sameDocument()).toBe(false);
    for (const [index, text] of INCLUSION.entries()) {
      await expect(inclusion.getByLabel(`Inclusion criteria ${index + 1}`, { exact: true }).inputValue()).resolves.toBe(text);
    }
    await expect(exclusion.getByLabel('Exclusion criteria 1', { exact: true }).inputValue()).resolves.toBe(EXCLUSION);
    await expect(reasons.getByLabel(`Title and abstract ${seeded + 1}`, { exact: true }).inputValue()).resolves.toBe(REASON);
    await screenshot(page, '04-protocol');

    // --- People: the owner adds a reviewer and a third person, each with a temporary password.
    await navigateBy(page, () => mainNav(page, 'People').click());
    await addPerson(page, REVIEWER);
    await expect(flash(page).textContent()).resolves.toContain(`${REVIEWER.name} can now sign in`);
    await addPerson(page, OUTSIDER);
    const people = page.getByRole('table');
    for (const person of [REVIEWER, OUTSIDER]) {
      const row = people.getByRole('row').filter({ hasText: person.email });
      await expect(row.textContent()).resolves.toContain('Temporary password');
    }
    await screenshot(page, '06-people');

    // --- Team: the owner invites the reviewer (the outsider is not invited). The page says the same
    // whether or not the address has an account, and nobody joins before accepting.
    await navigateBy(page, () => mainNav(page, 'Reviews').click());
    await screenshot(page, '02-reviews');
    await navigateBy(page, () => page.getByRole('link', { name: TITLE, exact: true }).click());
    await navigateBy(page, () => reviewTab(page, 'Team').click());
    await invite(page, SLUG, REVIEWER.email);
    await expect(flash(page).textContent()).resolves.toBe('If this address has a Coreview account, they will see the invitation on their reviews page.');
    const invited = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'E-mail' }) }).last();
    await expect(invited.getByRole('row').filter({ hasText: REVIEWER.email }).textContent()).resolves.toContain('reviewer');
    await expect(page.getByRole('table').first().getByRole('row').filter({ hasText: REVIEWER.email }).count()).resolves.toBe(0);
    await screenshot(page, '05-team');

    // --- Sign out: the session is gone, pages ask to sign in again.
    await signOut(page);
    await page.goto(`/reviews/${SLUG}`);
    expectPath(page, '/login');

    // --- The reviewer signs in with the temporary password, must choose their own first, accepts
    // the invitation, and reads the protocol without edit controls.
    await signIn(page, { email: REVIEWER.email, password: temporaryPassword(REVIEWER) });
    expectPath(page, '/account');
    await screenshot(page, '06b-choose-password');
    await navigateBy(page, () => mainNav(page, 'Reviews').click());
    expectPath(page, '/account'); // every page leads back here until then
    await fillForm(page, { 'Temporary password': temporaryPassword(REVIEWER), 'New password': temporaryPassword(REVIEWER) });
    await submitForm(page, 'Change password');
    await expect(page.getByText('Choose a new password, not the temporary one the owner set.').count()).resolves.toBe(1);
    await fillForm(page, { 'Temporary password': temporaryPassword(REVIEWER), 'New password': REVIEWER.password });
    await submitForm(page, 'Change password');
    expectPath(page, '/reviews');
    await expect(page.getByRole('region', { name: 'Invitations' }).textContent()).resolves.toContain(`${OWNER.name} invites you as reviewer`);
    await screenshot(page, '06c-invitation');
    await acceptInvitation(page, TITLE);
    expectPath(page, `/reviews/${SLUG}`);
    await navigateBy(page, () => mainNav(page, 'Reviews').click());
    await expectTitleAsText(page, { inDocumentTitle: false });
    await navigateBy(page, () => page.getByRole('link', { name: TITLE, exact: true }).click());
    expectPath(page, `/reviews/${SLUG}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
    await expect(reviewTab(page, 'Settings').count()).resolves.toBe(0);
    await navigateBy(page, () => reviewTab(page, 'Protocol').click());
    await expect(inclusion.getByRole('listitem').allTextContents()).resolves.toEqual(INCLUSION);
    await expect(exclusion.getByRole('listitem').allTextContents()).resolves.toEqual([EXCLUSION]);
    await expect(reasons.getByRole('listitem').last().textContent()).resolves.toBe(REASON);
    await expect(terms.getByRole('listitem').allTextContents()).resolves.toEqual(['desistance', 'social co-operative', 'randomised controlled trial']);
    await expect(page.getByRole('main').getByRole('textbox').count()).resolves.toBe(0);
    await expect(page.getByRole('main').getByRole('button').count()).resolves.toBe(0);
    await screenshot(page, '07-protocol-read-only');
    await signOut(page);
    await screenshot(page, '08-sign-in');

    // --- The third account is not a member: the review does not exist for them.
    await firstSignIn(page, OUTSIDER);
    await expect(page.getByText('You are not a member of any review yet', { exact: false }).count()).resolves.toBe(1);
    for (const path of [`/reviews/${SLUG}`, `/reviews/${SLUG}/protocol`, `/reviews/${SLUG}/members`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
      await expect(page.getByText(TITLE).count()).resolves.toBe(0);
    }
    await screenshot(page, '09-not-found');

    // Throughout: no dialog opened (the title never ran as script), no CSP violation, no script error.
    expect(dialogs).toEqual([]);
    await browser().expectNoProblems();
  });
});
