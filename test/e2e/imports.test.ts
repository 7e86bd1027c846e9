import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { fixtureFile, fixturePath } from '../support/fixture-exports.js';
import {
  createOwnerAccount,
  expectPath,
  fillForm,
  markDocument,
  navigateBy,
  screenshot,
  submitForm,
  useBrowser,
  type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'harms';
// Synthetic exports (test/fixtures/exports/README.md).
const CRIMJUST = 'ebsco-criminal-justice.ris';
// BibTeX with text between entries (a warning) and two entries without a title (failures).
const BIBTEX = 'hand-kept.bib';
const PSYCINFO = 'ebsco-psycinfo.ris';
const COLREV = 'colrev-records.bib';
const LARGE = 20_000;
const HOSTILE_TITLE = '<script>alert(1)</script>Gambling & <i>harm</i> <img src=x onerror=alert(2)>';

let tempDir: string | undefined;
afterEach(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
});

/** Writes a file for the browser to upload, in a temporary folder removed after the test. */
function tempFile(name: string, content: string): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'coreview-e2e-'));
  const path = join(tempDir, name);
  writeFileSync(path, content);
  return path;
}

function reviewTab(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });
}

function fileReport(page: Page, fileName: string): Locator {
  return page.locator(`.file-report[data-file="${fileName}"]`);
}

const jobState = (page: Page) => page.locator('#import-job').getAttribute('data-state');

async function ownerWithReview(page: Page): Promise<void> {
  await createOwnerAccount(page, OWNER);
  await fillForm(page, { Title: 'Gambling harms', 'Short name': SLUG });
  await submitForm(page, 'Create review');
  expectPath(page, `/reviews/${SLUG}`);
}

/**
 * A RIS export carrying markup where titles, abstracts and raw text show it: the importer strips
 * tags other than <i>, <b>, <sub>, <sup> from fields, and the pages must escape whatever is left.
 */
function hostileExport(): string {
  return [
    'TY  - JOUR', `TI  - ${HOSTILE_TITLE}`, 'AU  - Doe, Jane', 'PY  - 2021', 'AB  - Harm <b>reduction</b> & <script>alert(3)</script>', 'ER  - ', '',
    // Tag-stripping leaves "<script>" behind here: it must still show as text.
    'TY  - JOUR', 'TI  - Nested <scr<b></b>ipt>alert(4)</script> title', 'AU  - Roe, Richard', 'PY  - 2020', 'ER  - ', '',
    'TY  - JOUR', 'AU  - Untitled, Una', 'AB  - <script>alert(5)</script><img src=x onerror=alert(6)>', 'ER  - ', '',
  ].join('\n');
}

/** A Scopus-like RIS export of `count` short records with abstracts. */
function generatedExport(count: number): string {
  const records = Array.from({ length: count }, (_, i) => [
    'TY  - JOUR',
    `TI  - Social co-operatives and desistance from crime, study ${i + 1}`,
    `AU  - Author${i}, Ann`,
    'AU  - Second, Sam',
    `PY  - ${2000 + (i % 25)}`,
    'JO  - Probation Journal',
    `AB  - Work integration in social co-operatives may support desistance; cohort ${i + 1} was followed for two years after release.`,
    'ER  - ',
  ].join('\n'));
  return records.join('\n\n') + '\n';
}

/**
 * Presses Tab until the element with this id (or the button or link with this text) has focus;
 * fails when it is not reachable from the keyboard.
 */
async function tabTo(page: Page, id: string | null, text?: string): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    const focused = await page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));
    if (id !== null ? focused.id === id : focused.text === text) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${id ?? text}`);
}

/** No element was created from imported data: no image, and only Coreview's own scripts. */
async function expectOnlyOwnScripts(page: Page): Promise<void> {
  expect(await page.locator('main img, main script').count()).toBe(0);
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
  expect(scripts).toEqual(['/assets/htmx.min.js', '/assets/app.js', '/assets/unsaved-changes.js']);
}

describe('importing in the browser, as a new team would', () => {
  test('two exports: preview with warnings and failures, commit, then find a record by a misspelt word and open it', { timeout: 120_000 }, async () => {
    const { page } = await browser().newUser();
    await ownerWithReview(page);

    await navigateBy(page, () => reviewTab(page, 'Import').click());
    expectPath(page, `/reviews/${SLUG}/imports`);
    await expect(page.locator('.empty').textContent()).resolves.toBe('Nothing imported yet.');
    await screenshot(page, 'import-empty');

    await page.getByLabel('Export files').setInputFiles([fixturePath(CRIMJUST), fixturePath(BIBTEX)]);
    await page.getByLabel('Source type').selectOption({ label: 'Database' });
    await fillForm(page, {
      Source: 'Criminal Justice Abstracts',
      'Date searched': '2022-12-07',
      'Search query': 'gambling AND (harm* OR "public health")',
    });
    await submitForm(page, 'Upload and preview');
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/reviews/${SLUG}/imports/jobs/[0-9a-f-]{36}$`));
    await expect(page.locator('.lede').textContent()).resolves.toContain('Criminal Justice Abstracts, searched 2022-12-07');

    // The page follows the worker on its own (htmx polling) until the preview is ready.
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('ready');
    const ris = fileReport(page, CRIMJUST);
    await expect(ris.locator('.facts').innerText()).resolves.toMatch(/Format\s+RIS\s+Encoding\s+utf-8\s+Records found\s+12\s+Will import\s+12\s+Could not read\s+0/);
    expect(await ris.locator('.warnings, .failures').count()).toBe(0);

    const bib = fileReport(page, BIBTEX);
    await expect(bib.locator('.facts').innerText()).resolves.toMatch(/Format\s+BibTeX \/ BibLaTeX\s+Encoding\s+utf-8\s+Records found\s+5\s+Will import\s+3\s+Could not read\s+2/);
    // Failures are listed, open, with record number, lines, reason and the raw text.
    const failures = bib.locator('.failure-list > li');
    await expect(failures.count()).resolves.toBe(2);
    await expect(failures.first().locator('.failure-head').innerText()).resolves.toBe('Record 4 lines 36–38: The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.');
    await expect(failures.first().locator('pre').innerText()).resolves.toContain('@Book{Reyes2019,');
    expect(await failures.first().isVisible()).toBe(true);
    const warnings = bib.locator('.warnings li');
    await expect(warnings.allInnerTexts()).resolves.toEqual(['Text outside any entry was ignored (line 12).', '3 of 3 imported records have no abstract (records 1, 2, 3).']);
    expect(await warnings.first().isVisible()).toBe(true);
    await expect(page.locator('.totals').innerText()).resolves.toBe('In all: 17 records found in 2 files, 15 to import, 2 could not be read.');
    await screenshot(page, 'import-preview');

    // Nothing is stored before the commit.
    const storedBefore = await browser().testApp.app.db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(storedBefore.n)).toBe(0);

    await navigateBy(page, () => page.getByRole('button', { name: 'Import 15 records' }).click());
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('committed');
    await expect(page.locator('#import-job [role="status"]').innerText()).resolves.toContain('Imported 15 records.');
    await screenshot(page, 'import-committed');

    // Both searches are listed, with their counts; the dashboard counts the records.
    await navigateBy(page, () => reviewTab(page, 'Import').click());
    const rows = page.locator('table.batches tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    const risRow = rows.filter({ hasText: CRIMJUST });
    await expect(risRow.innerText()).resolves.toMatch(/Criminal Justice Abstracts[\s\S]*2022-12-07[\s\S]*12 of 12/);
    await expect(rows.filter({ hasText: BIBTEX }).innerText()).resolves.toMatch(/3 of 5[\s\S]*2 could not be read/);
    await screenshot(page, 'import-with-batches');
    await navigateBy(page, () => reviewTab(page, 'Overview').click());
    await expect(page.locator('[data-stage="import"] .stage-count strong').textContent()).resolves.toBe('15');

    // A misspelt search word is corrected, in place.
    // 15 imported, three of them certain duplicates within the Criminal Justice export: the list shows works.
    await expect(page.locator('[data-stage="duplicates"] .stage-count strong').textContent()).resolves.toBe('3');
    await navigateBy(page, () => reviewTab(page, 'Records').click());
    await expect.poll(() => page.locator('.record-summary').textContent()).toBe('12 records, in import order.');
    const sameDocument = await markDocument(page);
    await page.getByLabel('Search titles, abstracts, authors, keywords and journals').pressSequentially('orthodxy', { delay: 20 });
    await expect.poll(() => page.locator('.search-notice').first().textContent()).toContain('Showing results for orthodoxy');
    expect(await sameDocument()).toBe(true);
    const hits = page.locator('.record-row');
    await expect(hits.count()).resolves.toBe(1);
    await screenshot(page, 'import-records-search');

    await navigateBy(page, () => hits.first().getByRole('link').click());
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Responsible gambling talk and the making of harm: a discourse analysis of regulator reports.');
    await expect(page.locator('.record-authors li').allTextContents()).resolves.toEqual(['Okafor, Adaeze', 'Lindqvist, Henrik']);
    const abstract = await page.locator('.record-abstract').innerText();
    expect(abstract).toMatch(/^Regulators describe gambling harm in the vocabulary of personal responsibility/);
    expect(abstract).toContain('reducing gambling related harm.');
    expect(abstract).not.toContain('Copyright of');
    await expect(page.locator('.record-fields').first().innerText()).resolves.toContain('10.5555/jgp.2021.0142');
    await expect(page.getByRole('region', { name: 'Found in' }).innerText()).resolves.toMatch(/Criminal Justice Abstracts[\s\S]*2022-12-07[\s\S]*gambling AND \(harm\* OR "public health"\)/);
    await screenshot(page, 'import-record-detail');
    await navigateBy(page, () => page.getByRole('link', { name: 'Edit record' }).click());
    await screenshot(page, 'import-record-edit');
    await browser().expectNoProblems();
  });

  test('markup and <script> in an export show as text in the preview, the list and the record, and never run', async () => {
    const { page } = await browser().newUser();
    await ownerWithReview(page);
    await page.goto(`/reviews/${SLUG}/imports`);
    await page.getByLabel('Export files').setInputFiles(tempFile('hostile.ris', hostileExport()));
    await fillForm(page, { Source: 'Scopus <b>bold</b>' });
    await submitForm(page, 'Upload and preview');
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('ready');
    await expect(page.locator('.lede').textContent()).resolves.toContain('Scopus <b>bold</b>');
    // The record without a title is imported, and the preview says so.
    await expect(page.locator('.warnings li').allInnerTexts()).resolves.toContain('1 record has no title; it is imported as [No title] (record 3).');
    await navigateBy(page, () => page.getByRole('button', { name: 'Import 3 records' }).click());
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('committed');

    await page.goto(`/reviews/${SLUG}/records`);
    const titles = page.locator('.record-row-title');
    await expect(titles.allInnerTexts()).resolves.toEqual(['Gambling & harm', expect.stringContaining('alert(4)'), '[No title]']);
    // Only the allowed formatting became an element.
    await expect(titles.first().locator('i').textContent()).resolves.toBe('harm');
    await navigateBy(page, () => titles.first().getByRole('link').click());
    await expect(page.locator('h1 i').textContent()).resolves.toBe('harm');
    await expect(page.locator('.record-abstract').innerText()).resolves.toBe('Harm reduction &');
    await expect(page.locator('pre.record-raw').textContent()).resolves.toContain(`TI  - ${HOSTILE_TITLE}`);
    await expectOnlyOwnScripts(page);
    await page.goBack();
    await navigateBy(page, () => titles.nth(1).getByRole('link').click());
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Nested .*alert\(4\)/);
    await expectOnlyOwnScripts(page);
    await page.goBack();
    await navigateBy(page, () => titles.nth(2).getByRole('link').click());
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('[No title]');
    await expect(page.locator('pre.record-raw').textContent()).resolves.toContain('AB  - <script>alert(5)</script><img src=x onerror=alert(6)>');
    await expectOnlyOwnScripts(page);

    await page.goto(`/reviews/${SLUG}/imports`);
    await expect(page.locator('table.batches').innerText()).resolves.toContain('Scopus <b>bold</b>');
    await browser().expectNoProblems();
  });

  test('a long import shows its progress on the page, which turns into the preview and then the outcome by itself', { timeout: 120_000 }, async () => {
    const { page } = await browser().newUser();
    await ownerWithReview(page);
    await page.goto(`/reviews/${SLUG}/imports`);
    await page.getByLabel('Export files').setInputFiles(tempFile('large.ris', generatedExport(LARGE)));
    await fillForm(page, { Source: 'Scopus' });
    await submitForm(page, 'Upload and preview');
    const sameDocument = await markDocument(page);
    // Reading many thousand records is not instant: the page says what is happening meanwhile.
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Reading your files');
    await expect(page.locator('.progress').innerText()).resolves.toContain('Reading and checking every record…');
    await screenshot(page, 'import-progress');
    await expect.poll(() => jobState(page), { timeout: 60_000 }).toBe('ready');
    expect(await sameDocument()).toBe(true);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Import preview');
    await expect(page.locator('[data-count="found"]').textContent()).resolves.toBe(LARGE.toLocaleString('en-GB'));

    // The commit button has focus: Enter imports.
    await navigateBy(page, () => page.keyboard.press('Enter'));
    await expect.poll(() => jobState(page), { timeout: 60_000 }).toBe('committed');
    await expect(page.locator('#import-job [role="status"]').innerText()).resolves.toContain(`Imported ${LARGE.toLocaleString('en-GB')} records.`);
    await browser().expectNoProblems();
  });

  test('files dropped on the drop zone are uploaded', async () => {
    const { page } = await browser().newUser();
    await ownerWithReview(page);
    await page.goto(`/reviews/${SLUG}/imports`);
    const files = [PSYCINFO, COLREV].map((name) => ({ name, text: new TextDecoder().decode(fixtureFile(name)) }));
    const dataTransfer = await page.evaluateHandle((list) => {
      const transfer = new DataTransfer();
      for (const file of list) transfer.items.add(new File([file.text], file.name));
      return transfer;
    }, files);
    const zone = page.locator('[data-dropzone]');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await expect(zone.getAttribute('class')).resolves.toContain('dragging');
    await zone.dispatchEvent('drop', { dataTransfer });
    await expect(zone.getAttribute('class')).resolves.not.toContain('dragging');
    const chosen = await page.getByLabel('Export files').evaluate((input: HTMLInputElement) => Array.from(input.files ?? []).map((f) => f.name));
    expect(chosen).toEqual([PSYCINFO, COLREV]);

    await fillForm(page, { Source: 'APA PsycInfo' });
    await submitForm(page, 'Upload and preview');
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('ready');
    await expect(fileReport(page, PSYCINFO).locator('[data-count="imported"]').textContent()).resolves.toBe('14');
    await expect(fileReport(page, COLREV).locator('[data-count="imported"]').textContent()).resolves.toBe('10');
    await browser().expectNoProblems();
  });

  test('the whole upload works with the keyboard alone', { timeout: 90_000 }, async () => {
    const { page } = await browser().newUser();
    await ownerWithReview(page);
    // Listening before the page loads lets Playwright take over the file dialog in time.
    const chooser = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
    await page.goto(`/reviews/${SLUG}/imports`);
    await tabTo(page, 'f-files');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(fixturePath(CRIMJUST));
    // Source type, then Source: choose by typing.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Criminal Justice Abstracts');
    await tabTo(page, 'f-query');
    await page.keyboard.type('gambling AND harm*');
    await tabTo(page, null, 'Upload and preview');
    await navigateBy(page, () => page.keyboard.press('Enter'));
    await expect(page.locator('.lede').textContent()).resolves.toContain('Criminal Justice Abstracts');

    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Import 12 records');
    await navigateBy(page, () => page.keyboard.press('Enter'));
    await expect.poll(() => jobState(page), { timeout: 30_000 }).toBe('committed');
    await tabTo(page, null, 'See the records');
    await navigateBy(page, () => page.keyboard.press('Enter'));
    expectPath(page, `/reviews/${SLUG}/records`);
    // Three of the 12 are certain duplicates of others in the same export.
    await expect.poll(() => page.locator('.record-summary').textContent()).toBe('9 records, in import order.');
    await browser().expectNoProblems();
  });
});
