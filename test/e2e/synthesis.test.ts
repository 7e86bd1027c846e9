import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { reviewIdOf } from '../support/record-fixtures.js';
import { importThroughForm } from '../support/browser-imports.js';
import { fixturePath } from '../support/fixture-exports.js';
import { readXlsx } from '../support/office-files.js';
import { idle, press, shownRecord } from '../support/screening-keys.js';
import { createOwnerAccount, fillForm, navigateBy, screenshot, submitForm, useBrowser, type Person } from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SLUG = 'harms';
const FILE = fixturePath('lens.ris');

const reviewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });

/** Screens every record of a stage from the keyboard: `include` first records included, the rest excluded (with reason 1 at full text). */
async function screenStage(page: Page, stage: 'title-abstract' | 'full-text', include: number): Promise<number[]> {
  await page.goto(`/reviews/${SLUG}/screening/${stage}`);
  const included: number[] = [];
  for (let i = 0; (await page.locator('[data-record]').count()) > 0; i++) {
    const record = await shownRecord(page);
    if (i < include) included.push(record);
    await press(page, i < include ? 'i' : stage === 'full-text' ? '1' : 'e');
    await expect.poll(() => shownRecord(page)).not.toBe(record);
    await idle(page);
  }
  return included;
}

/** Downloads a file by clicking its link, and reads it back. */
async function download(page: Page, name: string | RegExp): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
  return readFile((await file.path())!);
}

describe('from included studies to the framework chapter, in the browser', () => {
  test('three studies coded with excerpts; jurisdiction × level matrix; XLSX and DOCX read back; PRISMA numbers', { timeout: 240_000 }, async () => {
    const { page } = await browser().newUser();
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: 'Gambling harms and co-operatives', 'Short name': SLUG });
    await page.getByLabel('Start the codebook from the desistance / social co-operatives framework').check();
    await submitForm(page, 'Create review');
    await importThroughForm(page, [FILE], 'Lens');

    // Screen like a team of one: three records in at title/abstract and at full text.
    const shortlisted = await screenStage(page, 'title-abstract', 3);
    const studies = await screenStage(page, 'full-text', 3);
    expect(studies).toEqual(shortlisted);

    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const codes = Object.fromEntries(flattenCodebook(await codebookTree(db, reviewId)).map((c) => [c.name, c.id]));
    // Per study: its level, its jurisdiction, and the theme of its one excerpt.
    const plan = [
      { level: 'Individual', jurisdiction: 'Italy', theme: 'Employment and work identity', text: 'Work gave me a reason to stay out of trouble.', page: 'p. 7' },
      { level: 'Relational', jurisdiction: 'Italy', theme: 'Stigma and criminal records', text: 'Colleagues treated me as a member, not an offender.', page: 'p. 12' },
      { level: 'Individual', jurisdiction: 'Scotland', theme: 'Employment and work identity', text: 'The co-operative trained me for a trade.', page: 'pp. 3-4' },
    ];
    for (const [i, recordId] of studies.entries()) {
      await page.goto(`/reviews/${SLUG}/coding/studies/${recordId}`);
      for (const name of [plan[i]!.level, plan[i]!.jurisdiction]) {
        const chip = page.locator(`#chip-${codes[name]}`);
        await chip.click();
        await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
        await idle(page);
      }
      const add = page.locator('.excerpt-add');
      await add.getByLabel('Quoted text').fill(plan[i]!.text);
      await add.getByLabel('Page or location').fill(plan[i]!.page);
      await add.getByLabel(plan[i]!.theme, { exact: true }).check();
      await add.getByRole('button', { name: 'Add excerpt' }).click();
      await expect.poll(() => page.locator('.excerpt').count()).toBe(1);
      await idle(page);
    }
    expect((await readCounters(db, reviewId)).studies_coded).toBe(3);

    // The pivot opens as jurisdiction × level × direction at the excerpt level (this codebook's defaults).
    await navigateBy(page, () => reviewTab(page, 'Synthesis').click());
    const pivot = page.locator('table.pivot');
    await expect(page.locator('#pivot-heading').innerText()).resolves.toBe('Jurisdiction × Level × Direction excerpt level');
    // Without the direction split: jurisdiction × level. Level and jurisdiction were applied to each
    // study as a whole, so its excerpt carries them: "excerpts (studies)".
    await page.goto(`/reviews/${SLUG}/synthesis?split=none`);
    await expect(page.locator('#pivot-heading').innerText()).resolves.toBe('Jurisdiction × Level excerpt level');
    const pivotRow = async (label: string) => (await pivot.locator('tbody tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').allInnerTexts()).map((t) => t.trim());
    // Columns: Individual, Relational, Systemic, then the row's studies.
    expect(await pivotRow('Italy')).toEqual(['1 (1)', '1 (1)', '0 (0)', '2']);
    expect(await pivotRow('Scotland')).toEqual(['1 (1)', '0 (0)', '0 (0)', '1']);
    await expect(page.locator('table.matrix tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'synthesis-matrix');

    // The workbook: a matrix row per study, the excerpts with their pages.
    const workbook = await readXlsx(await download(page, 'Excel (XLSX)'));
    const matrixSheet = workbook.getWorksheet('Matrix')!;
    expect(matrixSheet.getRow(1).getCell(1).text).toBe('Study');
    const rows = Array.from({ length: matrixSheet.rowCount - 1 }, (_, i) => matrixSheet.getRow(i + 2).values as unknown[]);
    expect(rows).toHaveLength(3);
    const level = (matrixSheet.getRow(1).values as unknown[]).findIndex((v) => String(v).endsWith('Level'));
    expect(rows.map((r) => String(r[level])).sort()).toEqual(['Individual', 'Individual', 'Relational']);
    const excerptTexts: string[] = [];
    workbook.getWorksheet('Excerpts')!.eachRow((row) => excerptTexts.push(row.values!.toString()));
    for (const p of plan) expect(excerptTexts.some((t) => t.includes(p.text))).toBe(true);

    // The Word table: landscape, a row per study, and the reference list.
    const docx = await JSZip.loadAsync(await download(page, 'Word (DOCX)'));
    const documentXml = await docx.file('word/document.xml')!.async('string');
    expect(documentXml).toContain('w:orient="landscape"');
    expect(documentXml.match(/<w:tr[ >]/g)!.length).toBeGreaterThanOrEqual(4);
    expect(documentXml).toContain('References');
    // The chapter skeleton: the employment theme quotes both its excerpts.
    const chapter = await (await JSZip.loadAsync(await download(page, 'Chapter (DOCX)'))).file('word/document.xml')!.async('string');
    expect(chapter).toContain('Employment and work identity');
    for (const p of plan.filter((p) => p.theme === 'Employment and work identity')) expect(chapter).toContain(p.text);

    // PRISMA: the diagram's numbers are the review's.
    const counters = await readCounters(db, reviewId);
    await navigateBy(page, () => reviewTab(page, 'PRISMA').click());
    const svg = (await page.request.get(`/reviews/${SLUG}/prisma.svg`).then((r) => r.text())).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const screened = counters.records_imported - counters.duplicates_marked;
    for (const [label, value] of [
      ['Records screened', screened],
      ['Records excluded', screened - 3],
      ['Reports sought for retrieval', 3],
      ['Reports assessed for eligibility', 3],
      ['Studies included in review', 3],
      ['Duplicate records removed', counters.duplicates_marked],
    ] as const) {
      expect(svg, label).toMatch(new RegExp(`${label} \\(n = ${value.toLocaleString('en-GB')}\\)`));
    }
    await screenshot(page, 'synthesis-prisma');
    await browser().expectNoProblems();
  });
});
