import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * End-to-end harness: the real app listening on a real port (real SQLite file in a temporary data
 * dir) and Debian's Chromium driven by playwright-core.
 *
 * Every page of every context is watched for what a user would suffer silently: Content-Security-
 * Policy violations, uncaught script errors, alert() dialogs (an escaped value that ran as script)
 * and 5xx answers. `useBrowser()` fails the test when any of them happened.
 *
 * @example
 * const browser = useBrowser();
 * test('…', async () => {
 *   const { page } = await browser().newUser();
 *   await page.goto(browser().url('/'));
 *   browser().expectNoProblems();
 * });
 */

export const VIEWPORT = { width: 1366, height: 768 } as const;

export interface Problem {
  kind: 'csp-violation' | 'csp-console' | 'page-error' | 'alert' | 'server-error';
  url: string;
  message: string;
}

export interface Dialog {
  type: string;
  message: string;
}

/** One person at one browser: an isolated context (own cookies) with one page. */
export interface BrowserUser {
  context: BrowserContext;
  page: Page;
  /** Problems seen in this context only. */
  problems: Problem[];
  /** Every dialog the pages opened (confirm() for destructive actions, and any alert()). */
  dialogs: Dialog[];
  /** Accept the next confirm() dialog (default: dismiss every dialog). */
  acceptNextConfirm(): void;
}

interface UserOptions {
  /** Problems in this context are kept out of the test's total (for tests that provoke them). */
  expectProblems?: boolean;
}

const REPORT_BINDING = '__coreviewReportViolation';

// Runs in every document before its own scripts. Reports through a Playwright binding, which the page
// cannot forge from inline script (inline script could not run anyway: that is the point).
const WATCH_SCRIPT = `
document.addEventListener('securitypolicyviolation', (event) => {
  const detail = [event.effectiveDirective, 'blocked', event.blockedURI || '(inline)', 'at', event.sourceFile + ':' + event.lineNumber, event.sample ? 'sample: ' + event.sample : ''].join(' ');
  window.${REPORT_BINDING}(detail);
});
`;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Starts a fresh app on 127.0.0.1 with a random free port; close() stops it and deletes its data. */
export async function startServer(env: Record<string, string> = {}): Promise<{ testApp: TestApp; baseUrl: string; close(): Promise<void> }> {
  const testApp = await createTestApp(env);
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  const { port } = testApp.app.server.address() as AddressInfo;
  return { testApp, baseUrl: `http://127.0.0.1:${port}`, close: () => testApp.close() };
}

export class BrowserTest {
  private readonly users: Array<BrowserUser & { counted: boolean }> = [];

  constructor(
    readonly browser: Browser,
    readonly baseUrl: string,
    readonly testApp: TestApp,
  ) {}

  url(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  /** A fresh browser context (no cookies) at 1366×768 with a watched page. */
  async newUser(options: UserOptions = {}): Promise<BrowserUser> {
    const context = await this.browser.newContext({ viewport: VIEWPORT, baseURL: this.baseUrl });
    const problems: Problem[] = [];
    const dialogs: Dialog[] = [];
    let acceptConfirm = false;

    await context.exposeBinding(REPORT_BINDING, ({ page }, detail: unknown) => {
      problems.push({ kind: 'csp-violation', url: page?.url() ?? '?', message: String(detail) });
    });
    await context.addInitScript({ content: WATCH_SCRIPT });

    const watch = (page: Page) => {
      page.on('pageerror', (error) => problems.push({ kind: 'page-error', url: page.url(), message: error.stack ?? error.message }));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
          problems.push({ kind: 'csp-console', url: page.url(), message: message.text() });
        }
      });
      page.on('response', (response) => {
        if (response.status() >= 500) {
          problems.push({ kind: 'server-error', url: response.url(), message: `${response.status()} ${response.statusText()}` });
        }
      });
      page.on('dialog', (dialog) => {
        dialogs.push({ type: dialog.type(), message: dialog.message() });
        if (dialog.type() === 'alert') problems.push({ kind: 'alert', url: page.url(), message: `alert(${JSON.stringify(dialog.message())})` });
        const accept = dialog.type() === 'confirm' && acceptConfirm;
        acceptConfirm = false;
        // The page may be gone by the time the dialog is handled; nothing to do then.
        void (accept ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
      });
    };
    context.on('page', watch);
    const page = await context.newPage();

    const user = {
      context,
      page,
      problems,
      dialogs,
      acceptNextConfirm: () => { acceptConfirm = true; },
      counted: !options.expectProblems,
    };
    this.users.push(user);
    return user;
  }

  /** Every problem seen so far in contexts that are not expected to have any. */
  problems(): Problem[] {
    return this.users.filter((u) => u.counted).flatMap((u) => u.problems);
  }

  /** Throws, listing them, when any page had a CSP violation, a script error, an alert or a 5xx. */
  async expectNoProblems(): Promise<void> {
    await this.flush();
    const problems = this.problems();
    if (problems.length > 0) {
      throw new Error(`The browser saw ${problems.length} problem(s):\n` + problems.map((p) => `- [${p.kind}] ${p.url}: ${p.message}`).join('\n'));
    }
  }

  /** Lets reports already queued in open pages reach us (a round trip orders after them). */
  async flush(): Promise<void> {
    for (const user of this.users) {
      for (const page of user.context.pages()) await page.evaluate(() => 0).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.users.map((u) => u.context.close()));
  }
}

/**
 * Registers the hooks for a test file: one Chromium for the file; for every test a fresh app (its own
 * data dir) and fresh contexts, all closed afterwards even when the test fails; and a failure when
 * any page had a problem the test did not expect.
 */
export function useBrowser(env: Record<string, string> = {}): () => BrowserTest {
  let browser: Browser | undefined;
  let current: BrowserTest | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('Chromium did not start (see the beforeAll error above).');
    server = await startServer(env);
    current = new BrowserTest(browser, server.baseUrl, server.testApp);
  });
  afterEach(async () => {
    const test = current;
    current = undefined;
    try {
      if (test) {
        await test.flush();
        const problems = test.problems();
        await test.close();
        if (problems.length > 0) {
          throw new Error('Browser problems during the test:\n' + problems.map((p) => `- [${p.kind}] ${p.url}: ${p.message}`).join('\n'));
        }
      }
    } finally {
      await server?.close();
      server = undefined;
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  return () => {
    if (!current) throw new Error('useBrowser(): the browser is only available inside a test.');
    return current;
  };
}

// ---------------------------------------------------------------------------------------------------
// Helpers that act the way a person does: labels, buttons and links by their visible names.

/**
 * Runs `action` (a click, an Enter) and waits for the full page load it causes. Returns the final
 * document's response (after redirects), so callers can check its status.
 */
export async function navigateBy(page: Page, action: () => Promise<unknown>): Promise<Response | null> {
  const loaded = page.waitForEvent('load');
  const document = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400),
  );
  await action();
  const [response] = await Promise.all([document, loaded]);
  return response;
}

/** Fills labelled fields: `{ 'E-mail': 'a@b.org' }`. Labels match exactly. */
export async function fillForm(scope: Page | Locator, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    await scope.getByLabel(label, { exact: true }).fill(value);
  }
}

/** Clicks the button with this name and waits for the page it loads. */
export function submitForm(page: Page, button: string, scope: Page | Locator = page): Promise<Response | null> {
  return navigateBy(page, () => scope.getByRole('button', { name: button, exact: true }).click());
}

export async function pathOf(page: Page): Promise<string> {
  return new URL(page.url()).pathname;
}

/** The text of the page's success/status message, if any. */
export function flash(page: Page): Locator {
  return page.locator('#alerts [role="status"]');
}

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** First run: `/` leads to the owner form; the owner ends signed in on the new-review page. */
export async function createOwnerAccount(page: Page, owner: Person): Promise<void> {
  await page.goto('/');
  expectPath(page, '/setup');
  await fillForm(page, { 'Your name': owner.name, 'E-mail': owner.email, Password: owner.password });
  await submitForm(page, 'Create owner account');
  expectPath(page, '/reviews/new');
}

/**
 * Signs in through the form (the one already shown, keeping its return address, or /login's);
 * fails with the page's message when sign-in is refused.
 */
export async function signIn(page: Page, who: Pick<Person, 'email' | 'password'>): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto('/login');
  await fillForm(page, { 'E-mail': who.email, Password: who.password });
  await navigateBy(page, () => page.getByLabel('Password', { exact: true }).press('Enter'));
  if (new URL(page.url()).pathname === '/login') {
    const message = await page.getByRole('alert').first().textContent().catch(() => null);
    throw new Error(`Sign-in as ${who.email} was refused: ${message ?? 'no message'}`);
  }
}

/**
 * A person added by the owner signs in for the first time with the temporary password, is led to
 * choose their own, and chooses `person.password`; they are then on their reviews page.
 */
export async function firstSignIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await signIn(page, { email: person.email, password: temporaryPassword(person) });
  expectPath(page, '/account');
  await fillForm(page, { 'Temporary password': temporaryPassword(person), 'New password': person.password });
  await submitForm(page, 'Change password');
  expectPath(page, '/reviews');
}

/** A review owner invites `email` on the review's Team page. */
export async function invite(page: Page, slug: string, email: string, role: 'Reviewer' | 'Owner' = 'Reviewer'): Promise<void> {
  if (new URL(page.url()).pathname !== `/reviews/${slug}/members`) await page.goto(`/reviews/${slug}/members`);
  await fillForm(page, { 'E-mail': email });
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await submitForm(page, 'Invite');
  expectPath(page, `/reviews/${slug}/members`);
}

/** The invited person accepts the invitation to the review titled `title` on their reviews page; they are then on it. */
export async function acceptInvitation(page: Page, title: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/reviews') await page.goto('/reviews');
  const invitation = page.getByRole('region', { name: 'Invitations' }).getByRole('listitem').filter({ hasText: title });
  await navigateBy(page, () => invitation.getByRole('button', { name: 'Accept' }).click());
}

export async function signOut(page: Page): Promise<void> {
  await submitForm(page, 'Sign out');
  expectPath(page, '/login');
}

/** The password the owner gives `person` to sign in with the first time. */
export const temporaryPassword = (person: Pick<Person, 'password'>) => `temporary-${person.password}`;

/** The owner adds a person on the People page (name, e-mail, and temporaryPassword(person)). */
export async function addPerson(page: Page, person: Person): Promise<void> {
  if (new URL(page.url()).pathname !== '/people') {
    await navigateBy(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click());
  }
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Add person' }) });
  await fillForm(form, { Name: person.name, 'E-mail': person.email, 'Temporary password': temporaryPassword(person) });
  await submitForm(page, 'Add person');
  expectPath(page, '/people');
}

export function expectPath(page: Page, path: string): void {
  const actual = new URL(page.url()).pathname;
  if (actual !== path) throw new Error(`Expected to be on ${path}, but the browser is on ${page.url()}`);
}

/**
 * Puts a marker on `window`; a full page load loses it, an htmx swap keeps it. Returns a function
 * telling whether the same document is still shown.
 */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const marker = `doc-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((value) => { (window as unknown as { __coreviewMarker?: string }).__coreviewMarker = value; }, marker);
  return async () => (await page.evaluate(() => (window as unknown as { __coreviewMarker?: string }).__coreviewMarker)) === marker;
}

/**
 * When COREVIEW_SCREENSHOTS names a directory, saves what a 1366×768 screen shows from the top of the
 * page (`name.png`) and the whole page (`name-full.png`), for looking at pages while working on them.
 * Does nothing otherwise.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.COREVIEW_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  // caret 'initial': hiding the caret leaves style="" on every input, which htmx then copies onto
  // swapped-in elements with the same id, a style-src-attr violation that users never see.
  await page.screenshot({ path: join(dir, `${name}.png`), caret: 'initial' });
  await page.screenshot({ path: join(dir, `${name}-full.png`), fullPage: true, caret: 'initial' });
}
