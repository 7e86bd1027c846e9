import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { reviewIdOf } from '../support/record-fixtures.js';
import { importThroughForm } from '../support/browser-imports.js';
import { fixturePath } from '../support/fixture-exports.js';
import { markdownQuotes, unescapeMarkdown } from '../support/markdown-reading.js';
import { readDocx, readXlsx, sheetValues } from '../support/office-files.js';
import { idle, press } from '../support/screening-keys.js';
import { includeStudies } from '../support/study-fixtures.js';
import {
  acceptInvitation, addPerson, createOwnerAccount, expectPath, fillForm, firstSignIn, flash, invite, markDocument, navigateBy, screenshot, submitForm, useBrowser, type Person,
} from '../support/browser.js';

const browser = useBrowser();

const OWNER: Person = { name: 'Olive Owner', email: 'olive@example.org', password: 'olive-passphrase-1' };
const SECOND: Person = { name: 'Bea Second', email: 'bea@example.org', password: 'bea-passphrase-1' };
const TITLE = 'Social co-operatives and desistance';
const SLUG = 'coops';
const BASE = `/reviews/${SLUG}`;

/** scopus.ris: three reports on co-operatives and work after prison (test/fixtures/exports/README.md). */
const TITLES = {
  ricci: 'Reintegration through co-operative work: a mixed-methods study of Italian type B social co-operatives',
  lindholm: 'Prison labour, wages and dignity: a comparative legal analysis of Italy, Sweden and England and Wales',
  stewart: 'Employment support for people with convictions: what commissioners ask for',
};
const RICCI = 'Ricci et al. (2023)';
const LINDHOLM = 'Lindholm and Caruso (2021)';

const CASP = 'CASP Qualitative Studies Checklist';
const CASP_QUESTIONS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

// The four excerpts, and the three framework cells they chart into (all jurisdictions).
const ITALIAN = {
  text: 'Qui non sono un detenuto, sono un socio: il lavoro mi ha dato una ragione per alzarmi la mattina.',
  translation: 'Here I am not a prisoner, I am a member: the work gave me a reason to get up in the morning.',
  translator: 'Giulia Conti',
  location: 'p. 9',
};
const COLLEAGUES = { text: 'Colleagues at the co-operative became the first people outside my family who trusted me.', location: 'p. 11' };
const COMMISSIONERS = { text: 'Commissioners wanted to know whether members were still in work a year later; most were.', location: 'p. 4' };
const RECORDS = { text: 'Italian and Swedish law let a criminal record bar people from the very co-operatives set up to employ them.', location: 'pp. 23-24' };

const EMPLOYMENT = 'Employment and work identity';
const INTEGRATION = 'Social integration and social capital';
const STIGMA = 'Stigma and criminal records';
const SUMMARIES = {
  employment: 'Paid work in a co-operative gave members a reason to keep going and a worker identity (Italy; the commissioning strand of the same project agrees).',
  integration: 'Co-workers were the first people outside the family to extend trust.',
  stigma: 'Criminal records bar people from the co-operatives meant to employ them, in Italy and Sweden alike.',
};

const reviewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Review' }).getByRole('link', { name, exact: true });

/** Downloads a file by clicking its link, and reads it back. */
async function download(page: Page, link: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await file.path())!);
}

/** The focused element's accessible-ish name: its aria-label, else its name attribute, else its text. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.getAttribute('aria-label') ?? el?.getAttribute('name') ?? el?.textContent?.trim() ?? '';
});

/** Presses the whole-study code chips named, waiting for each to be pressed. */
async function applyStudyCodes(page: Page, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const chip = page.locator('#study-codes').getByRole('button', { name, exact: true });
    await chip.click();
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    await idle(page);
  }
}

/** Adds an excerpt through the study page's form (htmx), optionally quoted in another language. */
async function addExcerpt(page: Page, excerpt: { text: string; location: string; translation?: string; translator?: string }, codes: readonly string[]): Promise<void> {
  const before = await page.locator('#excerpts .excerpt').count();
  const add = page.locator('.excerpt-add');
  await add.getByLabel('Quoted text').fill(excerpt.text);
  await add.getByLabel('Page or location').fill(excerpt.location);
  if (excerpt.translation) {
    await add.getByText('Quoted in another language').click();
    await add.getByLabel('Language of the original').fill('it');
    await add.getByLabel(/^Translation/).fill(excerpt.translation);
    await add.getByLabel('Translated by').fill(excerpt.translator ?? '');
  }
  for (const code of codes) await add.getByLabel(code, { exact: true }).check();
  await add.getByRole('button', { name: 'Add excerpt' }).click();
  await expect.poll(() => page.locator('#excerpts .excerpt').count()).toBe(before + 1);
  await expect(page.locator('#excerpts [role="status"]').textContent()).resolves.toBe('Excerpt added.');
  await idle(page);
}

/** Answers the CASP questions on the appraisal form in `scope`: every one "Yes" unless `answers` says otherwise. */
async function answerCasp(scope: Locator, answers: Record<string, string> = {}): Promise<void> {
  for (const id of CASP_QUESTIONS) {
    const group = scope.getByRole('group', { name: new RegExp(`^${id}\\. `) });
    await group.getByLabel(answers[id] ?? 'Yes', { exact: true }).check();
  }
}

describe('a framework synthesis, as a researcher walks it in the browser', () => {
  test('reports grouped into a study, excerpts coded (one translated), CASP appraised blind by two then agreed, three cells charted, a CERQual finding; every download read back', { timeout: 600_000 }, async () => {
    const owner = await browser().newUser();
    const { page } = owner;
    await createOwnerAccount(page, OWNER);
    await fillForm(page, { Title: TITLE, 'Short name': SLUG });
    await page.getByLabel('Start the codebook from the desistance / social co-operatives framework').check();
    await submitForm(page, 'Create review');
    await importThroughForm(page, [fixturePath('scopus.ris')], 'Scopus');

    // The second appraiser joins the team.
    await addPerson(page, SECOND);
    await invite(page, SLUG, SECOND.email);
    const second = await browser().newUser();
    await firstSignIn(second.page, SECOND);
    await acceptInvitation(second.page, TITLE);

    // Screening is not what this test is about: the three reports are included as a reviewer would.
    const db = browser().testApp.app.db;
    const reviewId = await reviewIdOf(db, SLUG);
    const ownerId = (await db.selectFrom('account').select('id').where('email', '=', OWNER.email).executeTakeFirstOrThrow()).id;
    const idOf = async (title: string) => (await db.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('title', '=', title).executeTakeFirstOrThrow()).id;
    const ids = { ricci: await idOf(TITLES.ricci), lindholm: await idOf(TITLES.lindholm), stewart: await idOf(TITLES.stewart) };
    await includeStudies(db, { reviewId, actorId: ownerId }, [ids.ricci, ids.lindholm, ids.stewart]);

    // ---- Coding. The conference paper is coded first, as a study of its own.
    await navigateBy(page, () => reviewTab(page, 'Coding').click());
    await navigateBy(page, () => page.getByRole('link', { name: 'Stewart (2022)', exact: true }).click());
    expectPath(page, `${BASE}/coding/studies/${ids.stewart}`);
    await addExcerpt(page, COMMISSIONERS, [EMPLOYMENT, 'Individual', 'Enables']);

    // Reading Ricci et al., the researcher sees the conference paper is the same project: one study, two reports.
    await page.goto(`${BASE}/coding/studies/${ids.ricci}`);
    const reports = page.locator('#study-reports');
    await reports.getByText('Group another included report with this study').click();
    await reports.getByLabel('Record number of the other report').fill(`#${ids.stewart}`);
    await navigateBy(page, () => reports.getByLabel('Record number of the other report').press('Enter'));
    expectPath(page, `${BASE}/coding/studies/${ids.ricci}`);
    await expect(flash(page).textContent()).resolves.toBe(`Record #${ids.stewart} is now a report of this study.`);
    await expect(reports.getByRole('heading').textContent()).resolves.toBe('2 reports of this study');
    await expect(reports.getByRole('listitem').allInnerTexts()).resolves.toEqual([
      expect.stringContaining(`#${ids.ricci}`),
      expect.stringContaining(`#${ids.stewart}`),
    ]);
    // The excerpt written on the conference paper is now the study's, marked with its report.
    await expect(page.locator('#excerpts .excerpt').innerText()).resolves.toContain(`Report #${ids.stewart}`);
    await expect(page.locator('.study-nav').innerText()).resolves.toContain('Study 2 of 2');

    const sameDocument = await markDocument(page);
    await applyStudyCodes(page, ['Italy']);
    await addExcerpt(page, ITALIAN, [EMPLOYMENT, 'Individual', 'Enables']);
    const translated = page.locator('#excerpts .excerpt', { hasText: ITALIAN.text });
    await expect(translated.locator('blockquote').first().getAttribute('lang')).resolves.toBe('it');
    await expect(translated.locator('.excerpt-translation').innerText()).resolves.toContain(`English translation by ${ITALIAN.translator}`);
    await addExcerpt(page, COLLEAGUES, [INTEGRATION, 'Relational', 'Enables']);
    expect(await sameDocument()).toBe(true);

    // K: the previous study by label, from the keyboard.
    await navigateBy(page, () => press(page, 'k'));
    expectPath(page, `${BASE}/coding/studies/${ids.lindholm}`);
    await applyStudyCodes(page, ['England and Wales', 'Italy', 'Sweden']);
    await addExcerpt(page, RECORDS, [STIGMA, 'Systemic', 'Constrains']);

    // ---- Appraisal: CASP, two appraisers blind to each other, then a consensus.
    await navigateBy(page, () => reviewTab(page, 'Appraisal').click());
    await navigateBy(page, () => page.getByRole('link', { name: 'Appraisal settings' }).click());
    await page.getByLabel(CASP, { exact: true }).check();
    await page.getByLabel(/Two independent appraisers/).check();
    await submitForm(page, 'Save settings');
    await expect(flash(page).textContent()).resolves.toBe('Appraisal settings saved.');

    await navigateBy(page, () => reviewTab(page, 'Appraisal').click());
    await navigateBy(page, () => page.getByRole('link', { name: RICCI, exact: true }).click());
    expectPath(page, `${BASE}/appraisal/studies/${ids.ricci}`);
    await expect(page.getByText('2 reports of this study are appraised together.').count()).resolves.toBe(1);
    const ownerComment = 'Thematic analysis by two coders, with a negative-case check.';
    await answerCasp(page.locator('form.appraisal-form'));
    await page.getByLabel('Comment on 8').fill(ownerComment);
    await page.getByRole('group', { name: 'Overall quality' }).getByLabel('High quality').check();
    await submitForm(page, 'Finish appraisal');
    await expect(flash(page).textContent()).resolves.toBe(`Appraisal of ${RICCI} finished.`);
    await expect(page.locator('.badge[data-status]').textContent()).resolves.toBe('Waiting for the second appraiser');

    // Bea sees that Olive finished, not what she answered.
    const bea = second.page;
    await bea.goto(`${BASE}/appraisal/studies/${ids.ricci}`);
    await expect(bea.locator('.appraisers').innerText()).resolves.toBe('Olive Owner: finished — answers hidden until both appraisals are finished');
    await expect(bea.locator('main').innerText()).resolves.not.toContain(ownerComment);
    // Her answers differ on question 6, changed from the keyboard: the arrow key moves from "Yes" to "Can’t tell".
    await answerCasp(bea.locator('form.appraisal-form'));
    const q6 = bea.getByRole('group', { name: /^6\. / });
    await q6.getByLabel('Yes', { exact: true }).focus();
    await bea.keyboard.press('ArrowRight');
    await expect(q6.getByLabel('Can’t tell', { exact: true }).isChecked()).resolves.toBe(true);
    await bea.getByRole('group', { name: 'Overall quality' }).getByLabel('Moderate quality').check();
    await submitForm(bea, 'Finish appraisal');
    await expect(bea.locator('.badge[data-status]').textContent()).resolves.toBe('Waiting for consensus');
    // Both finished: each now sees the other's answers, question 6 marked as differing.
    await expect(bea.locator('main').innerText()).resolves.toContain(ownerComment);
    await page.reload();
    const compared = page.getByRole('region', { name: 'Both appraisals' });
    await expect(compared.locator('tr.appraisal-differs').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^6\. .*differs/)]);

    // The consensus starts from the shared answers; Olive settles question 6 and the overall judgement.
    const consensus = page.getByRole('region', { name: 'Consensus' });
    await expect(consensus.getByRole('group', { name: /^1\. / }).getByLabel('Yes', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(consensus.getByRole('group', { name: /^6\. / }).locator('input:checked').count()).resolves.toBe(0);
    await consensus.getByRole('group', { name: /^6\. / }).getByLabel('Can’t tell', { exact: true }).check();
    await consensus.getByRole('group', { name: 'Overall quality' }).getByLabel('High quality').check();
    await submitForm(page, 'Record the consensus', consensus);
    await expect(flash(page).textContent()).resolves.toBe(`Consensus on ${RICCI} recorded.`);
    await expect(page.locator('.badge[data-status]').textContent()).resolves.toBe('Complete');
    await screenshot(page, 'walk-appraisal');

    await navigateBy(page, () => reviewTab(page, 'Appraisal').click());
    const appraisalRow = (label: string) => page.locator('table.appraisal-studies tbody tr', { has: page.getByRole('link', { name: label, exact: true }) }).locator('td');
    await expect(appraisalRow(RICCI).allInnerTexts()).resolves.toEqual([
      expect.stringContaining(RICCI), CASP, 'Olive Owner (finished), Bea Second (finished)', 'Complete', 'High quality',
    ]);
    await expect(appraisalRow(LINDHOLM).nth(3).innerText()).resolves.toBe('Not started');
    // Agreement before consensus: 9 of the 10 questions alike.
    await expect(page.locator('table.appraisal-agreement tbody tr').innerText()).resolves.toMatch(new RegExp(`^${CASP}\\s+1\\s+10\\s+90\\.0%`));

    // ---- The framework chart: three cells summarised in place, from the keyboard.
    await page.goto(`${BASE}/synthesis/chart`);
    const chartDocument = await markDocument(page);
    const charted = [
      { cell: `${EMPLOYMENT} · Individual · Enables`, counts: '2 excerpts from 1 study', summary: SUMMARIES.employment },
      { cell: `${INTEGRATION} · Relational · Enables`, counts: '1 excerpt from 1 study', summary: SUMMARIES.integration },
      { cell: `${STIGMA} · Systemic · Constrains`, counts: '1 excerpt from 1 study', summary: SUMMARIES.stigma },
    ];
    for (const { cell, counts, summary } of charted) {
      await expect(page.getByRole('link', { name: `${counts}: ${cell}`, exact: true }).count()).resolves.toBe(1);
      await page.getByRole('link', { name: `Write a summary of ${cell}`, exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focused(page)).toBe('summary');
      await page.keyboard.type(summary);
      await page.keyboard.press('Tab');
      await expect.poll(() => focused(page)).toBe('Save');
      await page.keyboard.press('Enter');
      // Saved: the cell shows the summary and its edit link takes the keyboard's focus.
      await expect.poll(() => focused(page)).toBe(`Edit the summary of ${cell}`);
      await idle(page);
    }
    expect(await chartDocument()).toBe(true);
    await expect(page.locator('.chart-summary').allInnerTexts()).resolves.toEqual([SUMMARIES.employment, SUMMARIES.integration, SUMMARIES.stigma]);
    await screenshot(page, 'walk-chart');

    // The framework chart's downloads.
    const chartBook = await readXlsx(await download(page, page.getByRole('link', { name: 'Excel (XLSX)', exact: true })));
    expect(chartBook.worksheets.map((s) => s.name)).toEqual(['All jurisdictions', 'England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other', 'Study × theme']);
    const all = sheetValues(chartBook.getWorksheet('All jurisdictions')!);
    const header = all[1]!;
    const chartCell = (theme: string, column: string) => all.find((row) => row[0] === theme)![header.indexOf(column)];
    expect(chartCell(EMPLOYMENT, 'Individual · Enables')).toBe(`${SUMMARIES.employment}\n\n2 excerpts from 1 study`);
    expect(chartCell(INTEGRATION, 'Relational · Enables')).toBe(`${SUMMARIES.integration}\n\n1 excerpt from 1 study`);
    expect(chartCell(STIGMA, 'Systemic · Constrains')).toBe(`${SUMMARIES.stigma}\n\n1 excerpt from 1 study`);
    // The grouped study is one row of the study × theme chart, its two reports' excerpts counted together.
    const byStudy = sheetValues(chartBook.getWorksheet('Study × theme')!);
    expect(byStudy.slice(2).map((row) => row[0])).toEqual([LINDHOLM, RICCI]);
    expect(byStudy.find((row) => row[0] === RICCI)![byStudy[1]!.indexOf(EMPLOYMENT)]).toBe('2 excerpts');
    const chartWord = await readDocx(await download(page, page.getByRole('link', { name: 'Word (DOCX)', exact: true })));
    const chartText = chartWord.paragraphs.map((p) => p.text).join('\n');
    for (const summary of Object.values(SUMMARIES)) expect(chartText).toContain(summary);
    expect(chartWord.tables.at(-1)!.slice(1).map((row) => row[0])).toEqual([LINDHOLM, RICCI]);

    // ---- A review finding with its GRADE-CERQual assessment.
    await navigateBy(page, () => reviewTab(page, 'Findings').click());
    await navigateBy(page, () => press(page, 'n'));
    expectPath(page, `${BASE}/findings/new`);
    const statement = 'Paid work in a social co-operative supports a new, non-offending identity.';
    await page.getByLabel('Summary of review finding').fill(statement);
    await page.getByLabel('Theme', { exact: true }).selectOption({ label: `Themes › ${EMPLOYMENT}` });
    await page.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(RICCI)}`) }).check();
    const judge = async (legend: string, level: string, explanation: string) => {
      const group = page.getByRole('group', { name: legend, exact: true });
      await group.getByLabel(level, { exact: true }).check();
      if (explanation !== '') await group.getByLabel('Explanation', { exact: true }).fill(explanation);
    };
    await judge('Methodological limitations', 'No or very minor concerns', '');
    await judge('Coherence', 'No or very minor concerns', '');
    await judge('Adequacy of data', 'Moderate concerns', 'One study (two reports) with few participants.');
    await judge('Relevance', 'Minor concerns', 'Italy only; no data from Sweden or the UK.');
    const explanation = 'Moderate concerns about adequacy (one study) and minor concerns about relevance.';
    await judge('Overall CERQual assessment of confidence', 'Moderate confidence', explanation);
    await submitForm(page, 'Add finding');
    await expect(flash(page).textContent()).resolves.toBe('Finding added.');
    const findingRow = page.locator('table.soqf tbody tr').first().locator('td');
    await expect(findingRow.nth(2).innerText()).resolves.toBe(RICCI);
    await expect(findingRow.nth(3).innerText()).resolves.toContain('Moderate confidence');
    // The supporting excerpt, offered once the finding has its study and theme.
    await navigateBy(page, () => page.getByRole('link', { name: 'Edit finding 1' }).click());
    await page.getByRole('checkbox', { name: new RegExp(ITALIAN.text.slice(0, 30)) }).check();
    await submitForm(page, 'Save finding');
    await expect(flash(page).textContent()).resolves.toBe('Finding saved.');
    const soqf = await readDocx(await download(page, page.getByRole('link', { name: 'Word (DOCX)', exact: true })));
    const soqfRow = soqf.tables.flat().find((row) => row.some((cell) => cell.includes(statement)));
    expect(soqfRow).toBeDefined();
    expect(soqfRow!.join(' | ')).toMatch(new RegExp(`${escapeRegExp(RICCI)}.*Moderate confidence`));

    // ---- The synthesis page: the pivot counts excerpts (studies), as coded.
    await navigateBy(page, () => reviewTab(page, 'Synthesis').click());
    await expect(page.locator('#pivot-heading').innerText()).resolves.toBe('Jurisdiction × Level × Direction excerpt level');
    const pivot = page.locator('table.pivot');
    const columns = (await pivot.locator('thead th').allInnerTexts()).map((t) => t.trim());
    // A count with studies behind it opens on them (details): its number is the summary's.
    const cellTexts = (scope: Locator) => scope.locator('td').evaluateAll((tds) => tds.map((td) => (td.querySelector('summary') ?? td).textContent!.trim()));
    const pivotRow = async (scope: Locator) => Object.fromEntries((await cellTexts(scope)).map((t, i) => [columns[i + 1], t]));
    const row = (label: string) => pivotRow(pivot.locator('tbody tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }));
    const zero = Object.fromEntries(columns.slice(1, -1).map((c) => [c, '0 (0)']));
    // Italy: both studies; Ricci's two reports make one study with two excerpts in Individual · Enables.
    expect(await row('Italy')).toEqual({ ...zero, 'Individual · Enables': '2 (1)', 'Relational · Enables': '1 (1)', 'Systemic · Constrains': '1 (1)', Studies: '2' });
    // Lindholm and Caruso compare three jurisdictions: their excerpt counts under each.
    for (const where of ['England and Wales', 'Sweden']) expect(await row(where)).toEqual({ ...zero, 'Systemic · Constrains': '1 (1)', Studies: '1' });
    for (const where of ['Scotland', 'Northern Ireland', 'Other']) expect(await row(where)).toEqual({ ...zero, Studies: '0' });
    expect(await pivotRow(pivot.locator('tfoot tr'))).toEqual({ ...zero, 'Individual · Enables': '2 (1)', 'Relational · Enables': '1 (1)', 'Systemic · Constrains': '1 (1)', Studies: '2' });
    await screenshot(page, 'walk-synthesis');

    // The chapter, in Markdown: the translation quoted, the original in a footnote, appraisal and CERQual confidence.
    const markdown = (await download(page, page.getByRole('link', { name: 'Chapter (Markdown)', exact: true }))).toString('utf8');
    const plain = unescapeMarkdown(markdown);
    const footnote = new RegExp(`^\\[\\^(\\d+)\\]: Original \\(Italian\\), translated by ${ITALIAN.translator}: ${escapeRegExp(ITALIAN.text)}$`, 'm').exec(plain);
    expect(footnote).not.toBeNull();
    // The quotation is the translation, with its page and the footnote's mark; the original is quoted nowhere.
    const quotes = markdownQuotes(markdown);
    expect(quotes).toContain(`${ITALIAN.translation} (${ITALIAN.location})[^${footnote![1]}]`);
    expect(quotes.some((q) => q.includes(ITALIAN.text))).toBe(false);
    expect(plain).toContain(`Finding 1: ${statement} — Moderate confidence (GRADE-CERQual): ${explanation}`);
    expect(plain).toContain(`**${RICCI}** [appraisal: High quality (${CASP})]`);
    expect(plain).toContain(`*Charted summary:* ${SUMMARIES.employment}`);
    // One study, one reference: the conference paper is not a study of its own.
    expect(plain).not.toContain('Stewart (2022)');
    const references = plain.slice(plain.indexOf('## References'));
    expect(references.match(/^Ricci/gm)).toHaveLength(1);
    expect(references).not.toMatch(/^Stewart/m);

    // The chapter in Word says the same.
    const chapter = await readDocx(await download(page, page.getByRole('link', { name: 'Chapter (DOCX)', exact: true })));
    const paragraphs = chapter.paragraphs.map((p) => p.text);
    expect(paragraphs.some((p) => p.includes(ITALIAN.translation))).toBe(true);
    expect(paragraphs).toContain(`Original (Italian), translated by ${ITALIAN.translator}: ${ITALIAN.text}`);
    expect(paragraphs.some((p) => p.includes(`Finding 1: ${statement} — Moderate confidence (GRADE-CERQual)`))).toBe(true);
    expect(paragraphs.some((p) => p.includes(`${RICCI} [appraisal: High quality (${CASP})]`))).toBe(true);

    // Characteristics of included studies: one row per study, the grouped one with both reports and its appraisal.
    const links = page.locator('.synthesis-downloads', { hasText: 'Characteristics of included studies' });
    const characteristics = await readXlsx(await download(page, links.getByRole('link', { name: 'Excel (XLSX)' }).first()));
    const included = sheetValues(characteristics.getWorksheet('Included studies')!);
    const heads = included[0]!;
    expect(heads).toContain('Appraisal');
    expect(included.slice(1).map((r) => r[0])).toEqual([LINDHOLM, RICCI]);
    const ricciRow = included.find((r) => r[0] === RICCI)!;
    expect(ricciRow[heads.indexOf('Title')]).toBe(TITLES.ricci);
    expect(String(ricciRow[heads.indexOf('Also reported in')])).toContain(TITLES.stewart);
    expect(ricciRow[heads.indexOf('Appraisal')]).toBe(`High quality (${CASP})`);
    expect(included.find((r) => r[0] === LINDHOLM)![heads.indexOf('Appraisal')]).toBe('Not yet appraised');
    const characteristicsWord = await readDocx(await download(page, links.getByRole('link', { name: 'Word (DOCX)' }).first()));
    expect(characteristicsWord.paragraphs.map((p) => p.text)).toContain('2 included studies (3 reports), one row per study. Values are the extraction form’s, taken from the study’s reports.');
    const studyRows = characteristicsWord.tables.flat().filter((r) => r[0] === RICCI || r[0] === LINDHOLM || r[0]?.startsWith('Stewart'));
    expect(studyRows.map((r) => r[0])).toEqual([LINDHOLM, RICCI]);
    const ricciWord = studyRows[1]!.join(' | ');
    expect(ricciWord).toContain(TITLES.ricci);
    expect(ricciWord).toContain(TITLES.stewart);
    expect(ricciWord).toContain(`High quality (${CASP})`);

    await browser().expectNoProblems();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
