import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { decide } from '../../src/screening/screening-service.js';
import { minimalPdf } from '../support/pdf-fixture.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { createOwnerAccount, fillForm, markDocument, screenshot, submitForm, useBrowser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'coops';
/** Chromium's built-in PDF viewer: a document of this extension shows up as a frame once it renders. */
const PDF_VIEWER = /^chrome-extension:\/\/[a-p]{32}\/index\.html/;

/**
 * The file name Chromium's PDF viewer shows in its toolbar once it has loaded the document (the
 * Content-Disposition name), or '' while there is no viewer or nothing loaded. The toolbar lives in
 * the viewer's shadow DOM; its document title is the fallback.
 */
async function pdfViewerTitle(page: Page): Promise<string> {
  const frame = page.frames().find((f) => PDF_VIEWER.test(f.url()));
  if (!frame) return '';
  return frame
    .evaluate(() => {
      const find = (root: Document | ShadowRoot): string | null => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          if (el.id === 'title' && el.textContent) return el.textContent;
          const inner = el.shadowRoot && find(el.shadowRoot);
          if (inner) return inner;
        }
        return null;
      };
      return find(document) ?? document.title;
    })
    .catch(() => '');
}

/**
 * Puts the record's full-text panel on its page when the page does not show it already, the way a
 * page loading it with htmx would (GET …/full-text as a fragment, then htmx.process).
 */
async function showPanel(page: Page, recordId: number): Promise<void> {
  await page.evaluate(async ({ slug, id }) => {
    if (document.getElementById(`full-text-${id}`)) return;
    const response = await fetch(`/reviews/${slug}/records/${id}/full-text`, { headers: { 'hx-request': 'true', 'hx-request-type': 'partial' } });
    const holder = document.createElement('div');
    holder.innerHTML = await response.text();
    const panel = holder.firstElementChild!;
    document.querySelector('main')!.append(panel);
    (window as unknown as { htmx: { process(elt: Element): void } }).htmx.process(panel);
  }, { slug: SLUG, id: recordId });
}

describe('full texts in the browser', () => {
  test('a PDF attached in the panel shows inline and opens in a new tab, without CSP violations', async () => {
    const { page, context } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Co-operatives and desistance', 'Short name': SLUG });
    await submitForm(page, 'Create review');
    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const { ids } = await insertSearch(db, reviewId, [{ title: 'Desistance through social co-operatives' }]);
    const id = ids[0]!;

    await page.goto(`/reviews/${SLUG}/records/${id}`);
    await showPanel(page, id);
    const panel = page.locator(`#full-text-${id}`);
    const sameDocument = await markDocument(page);

    await panel.getByLabel('Attach a PDF').setInputFiles({ name: 'Maruna 2001 – Making Good.pdf', mimeType: 'application/pdf', buffer: Buffer.from(minimalPdf('Making Good')) });
    await panel.getByRole('button', { name: 'Attach PDF' }).click();
    await expect.poll(() => page.locator(`#full-text-${id} [role="status"]`).textContent()).toBe('PDF attached.');
    expect(await sameDocument()).toBe(true);
    expect(await panel.locator('.full-text-name').textContent()).toBe('Maruna 2001 – Making Good.pdf');

    // The inline viewer: the page's policy lets it frame the PDF, the PDF's own policy lets the page do so.
    const viewer = panel.locator('iframe.full-text-viewer');
    await viewer.scrollIntoViewIfNeeded();
    await expect.poll(() => pdfViewerTitle(page), { timeout: 15_000 }).toBe('Maruna 2001 – Making Good.pdf');
    await screenshot(page, 'full-text-panel');

    // "Open PDF" opens Chromium's viewer in a new tab.
    const [tab] = await Promise.all([context.waitForEvent('page'), panel.getByRole('link', { name: /Open PDF/ }).click()]);
    await tab.waitForLoadState();
    // A tab in the background is not drawn.
    await tab.bringToFront();
    expect(new URL(tab.url()).pathname).toBe(`/reviews/${SLUG}/records/${id}/full-text.pdf`);
    await expect.poll(() => pdfViewerTitle(tab), { timeout: 15_000 }).toBe('Maruna 2001 – Making Good.pdf');
    await screenshot(tab, 'full-text-pdf');
    await tab.close();

    // A javascript: link is refused in place; a web address is kept and shown as a link.
    const link = panel.getByLabel('Link to the full text');
    await link.fill('javascript:alert(1)');
    // The browser's own type=url check would stop the form first: let the server answer.
    await page.evaluate((selector) => document.querySelector(selector)?.setAttribute('novalidate', ''), `#full-text-${id} form:has(input[name=url])`);
    await panel.getByRole('button', { name: 'Save link' }).click();
    await expect.poll(() => page.locator(`#full-text-${id} .error`).textContent()).toContain('Only web addresses');
    await page.getByLabel('Link to the full text').fill('https://doi.org/10.1037/10430-000');
    await page.locator(`#full-text-${id}`).getByRole('button', { name: 'Save link' }).click();
    await expect.poll(() => page.locator(`#full-text-${id} .full-text-link a`).getAttribute('href')).toBe('https://doi.org/10.1037/10430-000');
    expect(await sameDocument()).toBe(true);

    // At full text, the report can be marked not retrieved (a toggle button) and back.
    const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
    await decide(db, { reviewId, actorId: ownerId }, { recordId: id, stage: 'title_abstract', decision: 'include', reasonId: null, note: '', labels: [] });
    await page.reload();
    await showPanel(page, id);
    expect(await page.locator(`#full-text-${id} .full-text-name`).textContent()).toBe('Maruna 2001 – Making Good.pdf');
    const toggle = () => page.locator(`#full-text-${id}`).getByRole('button', { name: 'Not retrieved' });
    expect(await toggle().getAttribute('aria-pressed')).toBe('false');
    await toggle().click();
    await expect.poll(() => toggle().getAttribute('aria-pressed')).toBe('true');
    expect((await readCounters(db, reviewId)).ft_not_retrieved).toBe(1);
    await screenshot(page, 'full-text-not-retrieved');
    await toggle().click();
    await expect.poll(() => toggle().getAttribute('aria-pressed')).toBe('false');
    expect((await readCounters(db, reviewId)).ft_not_retrieved).toBe(0);

    await browser().expectNoProblems();
  });
});
