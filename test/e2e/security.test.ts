import type { Page, Response } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  acceptInvitation,
  addPerson,
  createOwnerAccount,
  expectPath,
  fillForm,
  firstSignIn,
  flash,
  invite,
  navigateBy,
  signIn,
  submitForm,
  useBrowser,
  type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const REVIEWER: Person = { name: 'Rita Reviewer', email: 'rita@example.org', password: 'rita-temporary-1' };
const SLUG = 'coops';

function policyOf(response: Response | null): Map<string, string[]> {
  const header = response?.headers()['content-security-policy'];
  if (!header) throw new Error(`No Content-Security-Policy on ${response?.url() ?? 'a missing response'}`);
  return new Map(
    header.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name = '', ...values] = d.split(/\s+/);
      return [name.toLowerCase(), values] as const;
    }),
  );
}

function expectStrictPolicy(response: Response | null): void {
  const policy = policyOf(response);
  const where = response?.url();
  expect(policy.get('script-src'), where).toEqual(["'self'"]);
  expect(policy.get('object-src'), where).toEqual(["'none'"]);
  expect(policy.get('base-uri'), where).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors'), where).toEqual(["'none'"]);
  const everything = [...policy.values()].flat();
  expect(everything, where).not.toContain("'unsafe-inline'");
  expect(everything, where).not.toContain("'unsafe-eval'");
  // Coreview is installed on plain-HTTP LANs: upgrading requests would break every asset there.
  expect(policy.has('upgrade-insecure-requests'), where).toBe(false);
}

async function createReview(page: Page, title: string): Promise<void> {
  await page.goto('/reviews/new');
  await fillForm(page, { Title: title, 'Short name': SLUG });
  await submitForm(page, 'Create review');
  expectPath(page, `/reviews/${SLUG}`);
}

describe('security in the browser', () => {
  test('every page carries a strict Content-Security-Policy and renders without violating it', async () => {
    const { page } = await browser().newUser();

    expectStrictPolicy(await page.goto('/setup'));
    await createOwnerAccount(page, OWNER);
    await createReview(page, 'Co-operatives and desistance');
    await addPerson(page, REVIEWER);

    const pages = [
      '/reviews',
      '/reviews/new',
      `/reviews/${SLUG}`,
      `/reviews/${SLUG}/protocol`,
      `/reviews/${SLUG}/members`,
      `/reviews/${SLUG}/settings`,
      `/reviews/${SLUG}/audit`,
      '/people',
      '/audit',
      '/account',
      '/no-such-page',
    ];
    for (const path of pages) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
      expectStrictPolicy(response);
    }

    const anonymous = await browser().newUser();
    expectStrictPolicy(await anonymous.page.goto('/login'));
    // The watcher saw every one of those pages load their scripts and styles without a violation.
    await browser().expectNoProblems();
  });

  test('the policy blocks script injected into a page, and the harness reports it', async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await browser().expectNoProblems();

    // What an escaping bug would let through: an inline <script> and an inline event handler.
    const probe = await browser().newUser({ expectProblems: true });
    await probe.context.addCookies(await page.context().cookies());
    await probe.page.goto('/reviews');
    const ran = await probe.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injectedRan = true;';
      document.body.append(script);
      const button = document.createElement('button');
      button.setAttribute('onclick', 'window.__injectedRan = true;');
      document.body.append(button);
      button.click();
      return (window as unknown as { __injectedRan?: boolean }).__injectedRan === true;
    });
    expect(ran).toBe(false);
    await browser().flush();
    const violations = probe.problems.filter((p) => p.kind === 'csp-violation');
    expect(violations.map((v) => v.message.split(' ')[0])).toEqual(['script-src-elem', 'script-src-attr']);
  });

  test('after signing out in another tab, an in-page action leads to the sign-in page, then back', async () => {
    const { page, context } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await createReview(page, 'Co-operatives and desistance');
    await page.goto(`/reviews/${SLUG}/protocol`);

    const otherTab = await context.newPage();
    await otherTab.goto('/reviews');
    await submitForm(otherTab, 'Sign out');

    // The add form works in place (htmx); with no session it must not swap a sign-in form into the list.
    const inclusion = page.getByRole('region', { name: 'Inclusion criteria', exact: true });
    await inclusion.getByLabel('New inclusion criterion', { exact: true }).fill('Adults on probation');
    await navigateBy(page, () => inclusion.getByLabel('New inclusion criterion', { exact: true }).press('Enter'));
    expectPath(page, '/login');
    await expect(page.locator('main').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');

    await signIn(page, OWNER);
    expectPath(page, `/reviews/${SLUG}/protocol`);
    await expect(inclusion.getByRole('listitem').count()).resolves.toBe(0);
    await browser().expectNoProblems();
  });

  test("disabling an account ends that person's open session at their next page load", async () => {
    const owner = await browser().newUser();
    await createOwnerAccount(owner.page, OWNER);
    await createReview(owner.page, 'Co-operatives and desistance');
    await addPerson(owner.page, REVIEWER);
    await invite(owner.page, SLUG, REVIEWER.email);

    // The reviewer works in their own browser.
    const reviewer = await browser().newUser();
    await firstSignIn(reviewer.page, REVIEWER);
    await acceptInvitation(reviewer.page, 'Co-operatives and desistance');
    expectPath(reviewer.page, `/reviews/${SLUG}`);

    // The owner disables the account, confirming the question the page asks.
    await owner.page.goto('/people');
    const row = owner.page.getByRole('row').filter({ hasText: REVIEWER.email });
    owner.acceptNextConfirm();
    await navigateBy(owner.page, () => row.getByRole('button', { name: 'Disable' }).click());
    expect(owner.dialogs).toEqual([{ type: 'confirm', message: `Disable ${REVIEWER.name}? They are signed out at once.` }]);
    await expect(flash(owner.page).textContent()).resolves.toContain('Account disabled');
    await expect(row.textContent()).resolves.toContain('Disabled');

    // The reviewer's next page load lands on the sign-in page, and signing in again is refused.
    await reviewer.page.reload();
    expectPath(reviewer.page, '/login');
    await expect(reviewer.page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    await expect(signIn(reviewer.page, REVIEWER)).rejects.toThrow('do not match an active account');

    // Enabling the account again does not bring the old session back; a new sign-in works.
    await navigateBy(owner.page, () => row.getByRole('button', { name: 'Enable' }).click());
    await expect(row.textContent()).resolves.not.toContain('Disabled');
    // The browser still holds the old session cookie; the server no longer honours it.
    expect((await reviewer.context.cookies()).map((c) => c.name)).toContain('cv_session');
    await reviewer.page.goto(`/reviews/${SLUG}`);
    expectPath(reviewer.page, '/login');
    await signIn(reviewer.page, REVIEWER);
    expectPath(reviewer.page, `/reviews/${SLUG}`);

    await browser().expectNoProblems();
  });
});
