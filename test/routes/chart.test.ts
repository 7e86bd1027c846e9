import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { addExcerpt, setStudyCode } from '../../src/coding/coding-service.js';
import { groupReport } from '../../src/studies/report-grouping.js';
import { readDocx, readXlsx, sheetValues } from '../support/office-files.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'coops';
const BASE = `/reviews/${SLUG}/synthesis`;
const CELL = `${BASE}/chart/cell`;
const FRAGMENT = { 'hx-request': 'true', 'hx-request-type': 'partial' };

/**
 * The ledger (framework template codebook; jurisdictions from its Jurisdiction codes):
 *   Rossi (2018), Italy:               a1 Employment + Individual + Enables; a2 Employment + Individual; a3 Employment + Constrains
 *   McNeill and Weaver (2010), Scotland: b1 Hope + Individual + Enables; b2 Employment + Individual + Enables
 *   Nobody (2020): no excerpts
 * Employment as a whole: 4 excerpts from 2 studies; Employment · Individual · Enables: 2 from 2 (Italy 1 from 1);
 * Employment · Individual · Constrains: 0 (Rossi's level and direction sit on different excerpts);
 * Desistance processes · Individual · Enables: 1 from 1 (Hope is its sub-code).
 */
describe('the framework chart', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let outsider: Client;
  let codes: Record<string, number>;
  let ids: number[];
  let reviewId: number;

  const cell = (theme: string, level?: string, direction?: string, jurisdiction = '') => ({
    theme: String(codes[theme]),
    level: level ? String(codes[level]) : '',
    direction: direction ? String(codes[direction]) : '',
    jurisdiction,
  });
  const rows = async () => ({
    framework: await t.app.db.selectFrom('frameworkChartSummary').selectAll().where('reviewId', '=', reviewId).execute(),
    studies: await t.app.db.selectFrom('studyChartSummary').selectAll().where('reviewId', '=', reviewId).execute(),
    audit: (await t.app.db.selectFrom('auditEvent').select('id').where('action', 'like', 'chart.%').execute()).length,
  });
  const version = async () => (await t.app.db.selectFrom('reviewCounter').select('value').where('reviewId', '=', reviewId).where('name', '=', 'synthesis_version').executeTakeFirst())?.value ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, otto: outsider } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Co-operatives and desistance', slug: SLUG, codebookTemplate: true }, ['rita']);
    await createReview(owner, { title: 'Another review', slug: 'other', codebookTemplate: true });
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const actorId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const ctx = { reviewId, actorId };
    ({ ids } = await insertSearch(t.app.db, reviewId, [
      { title: 'Work in Italy', authors: ['Rossi, Maria'], year: 2018 },
      { title: 'Governance in Scotland', authors: ['McNeill, Fergus', 'Weaver, Beth'], year: 2010 },
      { title: 'Not coded', authors: ['Nobody, N.'], year: 2020 },
    ]));
    await includeStudies(t.app.db, ctx, ids);
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
    const [a, b] = [ids[0]!, ids[1]!];
    await setStudyCode(t.app.db, ctx, a, codes.Italy!, true);
    await setStudyCode(t.app.db, ctx, b, codes.Scotland!, true);
    const employment = codes['Employment and work identity']!;
    const quote = (recordId: number, text: string, codeIds: number[]) => addExcerpt(t.app.db, ctx, recordId, { text, location: '12', memo: '', codeIds });
    await quote(a, 'The co-operative gave me a wage and a reason.', [employment, codes.Individual!, codes.Enables!]);
    await quote(a, 'I saw myself as a worker.', [employment, codes.Individual!]);
    await quote(a, 'Tenders go to the cheapest bidder.', [employment, codes.Constrains!]);
    await quote(b, 'I started to hope.', [codes.Hope!, codes.Individual!, codes.Enables!]);
    await quote(b, 'Work <b>mattered</b>.', [employment, codes.Individual!, codes.Enables!]);
    codes.Employment = employment;
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('shows themes by level × direction with excerpt and study counts, for all jurisdictions and one', async () => {
    const page = await owner.get(`${BASE}/chart`);
    expect(page.statusCode).toBe(200);
    for (const column of ['Theme as a whole', 'Individual · Enables', 'Individual · Constrains', 'Systemic · Constrains']) expect(page.body).toContain(`>${column}</th>`);
    const counts = (id: string) => new RegExp(`id="${id}"[^>]*>\\s*<a[^>]*>([^<]*)</a>`).exec(page.body)?.[1];
    const [employment, individual, enables, constrains, desistance] = [codes.Employment, codes.Individual, codes.Enables, codes.Constrains, codes['Desistance processes']];
    expect(counts(`cell-${employment}-0-0`)).toBe('4 excerpts from 2 studies');
    expect(counts(`cell-${employment}-${individual}-${enables}`)).toBe('2 excerpts from 2 studies');
    expect(counts(`cell-${employment}-${individual}-${constrains}`)).toBe('No excerpts');
    expect(counts(`cell-${desistance}-${individual}-${enables}`)).toBe('1 excerpt from 1 study');
    expect(page.body).toContain('Counted at the excerpt grain');
    expect(page.body).not.toContain('autofocus');
    for (const j of ['England and Wales', 'Italy', 'Sweden', 'Other']) expect(page.body).toContain(`<option value="${j}">${j}</option>`);
    expect(page.body).toContain(`href="${BASE}/chart.xlsx"`);
    expect(page.body).toContain(`href="${BASE}/chart.docx"`);

    const italy = await owner.get(`${BASE}/chart?j=Italy`);
    expect(new RegExp(`id="cell-${employment}-${individual}-${enables}"[^>]*>\\s*<a[^>]*>1 excerpt from 1 study<`).test(italy.body)).toBe(true);
    expect((await owner.get(`${BASE}/chart?j=Atlantis`)).body).toContain('The framework has no jurisdiction “Atlantis”');
  });

  it('lists the excerpts behind a cell with their studies, pages and links to the coding page', async () => {
    const page = await owner.get(`${CELL}?theme=${codes.Employment}&level=${codes.Individual}&direction=${codes.Enables}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rossi (2018)');
    expect(page.body).toContain('McNeill and Weaver (2010)');
    expect(page.body).toContain('The co-operative gave me a wage and a reason.');
    expect(page.body).toContain('Work &lt;b>mattered&lt;/b>.');
    expect(page.body).not.toContain('I saw myself as a worker.');
    expect(page.body).toContain('(p. 12)');
    const excerptId = (await t.app.db.selectFrom('excerpt').select('id').where('text', '=', 'The co-operative gave me a wage and a reason.').executeTakeFirstOrThrow()).id;
    expect(page.body).toContain(`href="/reviews/${SLUG}/coding/studies/${ids[0]}#excerpt-${excerptId}"`);
    // Without script, the cell's page is where the summary is written.
    expect(page.body).toContain(`<form method="post" action="${CELL}"`);
  });

  it('saves, edits and clears a summary with a plain form, audited, moving the synthesis version', async () => {
    await owner.get(`${BASE}/chart`);
    const before = await version();
    const target = cell('Employment', 'Individual', 'Enables');
    const saved = await owner.post(CELL, { ...target, summary: 'Paid work in a co-operative\nsupports a worker identity.' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${BASE}/chart#cell-${codes.Employment}-${codes.Individual}-${codes.Enables}`);
    expect(await version()).toBeGreaterThan(before);
    let stored = await rows();
    expect(stored.framework).toMatchObject([{ themeId: codes.Employment, levelId: codes.Individual, directionId: codes.Enables, jurisdiction: '', summary: 'Paid work in a co-operative\nsupports a worker identity.' }]);
    const chart = await owner.get(`${BASE}/chart`);
    expect(chart.body).toContain('Paid work in a co-operative\nsupports a worker identity.');
    expect(chart.body).toContain('Olive Owner');

    expect((await owner.post(CELL, { ...target, summary: '  Paid work supports a worker identity.  ' })).statusCode).toBe(303);
    stored = await rows();
    expect(stored.framework.map((r) => r.summary)).toEqual(['Paid work supports a worker identity.']);
    // The same text again changes nothing and writes no history.
    const audited = stored.audit;
    expect((await owner.post(CELL, { ...target, summary: 'Paid work supports a worker identity.' })).statusCode).toBe(303);
    expect((await rows()).audit).toBe(audited);

    expect((await owner.post(CELL, { ...target, summary: '' })).statusCode).toBe(303);
    stored = await rows();
    expect(stored.framework).toEqual([]);
    expect(stored.audit).toBe(audited + 1);
    const history = (await owner.get(`/reviews/${SLUG}/audit`)).body;
    expect(history).toContain('wrote the chart summary of “Employment and work identity” · Individual · Enables (all jurisdictions): “Paid work in a co-operative supports a worker identity.”');
    expect(history).toContain('rewrote the chart summary of “Employment and work identity” · Individual · Enables (all jurisdictions)');
    expect(history).toContain('cleared the chart summary of “Employment and work identity” · Individual · Enables (all jurisdictions)');
  });

  it('edits a cell in place with htmx: the form, then the saved cell', async () => {
    await rita.get(`${BASE}/chart?j=Italy`);
    const url = `${CELL}?theme=${codes.Employment}&j=Italy&edit=1`;
    const form = await rita.get(url, FRAGMENT);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/^<div id="cell-\d+-0-0" class="chart-cell chart-cell-editing">/);
    expect(form.body).toContain('<textarea');
    expect(form.body).not.toContain('<html');
    const saved = await rita.post(CELL, { ...cell('Employment', undefined, undefined, 'Italy'), summary: 'In Italy work comes through <social> co-operatives.' }, { headers: FRAGMENT });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('In Italy work comes through &lt;social> co-operatives.');
    expect(saved.body).toContain('Rita Reviewer');
    expect(saved.body).toContain('3 excerpts from 1 study');
    expect(saved.body).not.toContain('<textarea');
    // The keyboard's focus lands on the cell's edit link, as on the text while editing.
    expect(saved.body).toMatch(/<a [^>]*class="chart-edit" autofocus/);
    expect(form.body).toMatch(/<textarea [^>]*autofocus/);
    // Charted for Italy only.
    expect((await owner.get(`${BASE}/chart?j=Italy`)).body).toContain('In Italy work comes through');
    expect((await owner.get(`${BASE}/chart`)).body).not.toContain('In Italy work comes through');
    expect((await rows()).framework).toMatchObject([{ themeId: codes.Employment, levelId: null, directionId: null, jurisdiction: 'Italy' }]);
    // Refused, the cell comes back as its form with the message and the text as typed.
    const long = await rita.post(CELL, { ...cell('Employment', undefined, undefined, 'Italy'), summary: 'y'.repeat(2_001) }, { headers: FRAGMENT });
    expect(long.statusCode).toBe(422);
    expect(long.body).toMatch(/^<div id="cell-\d+-0-0" class="chart-cell chart-cell-editing">/);
    expect(long.body).toContain('Keep the summary to 2,000 characters');
    expect((await rows()).framework.map((r) => r.summary)).toEqual(['In Italy work comes through <social> co-operatives.']);
  });

  it('refuses hostile or broken cells and overlong text with a 4xx, writing nothing', async () => {
    await owner.get(`${BASE}/chart`);
    const before = await rows();
    const otherReviewId = await reviewIdOf(t.app.db, 'other');
    const otherTheme = (await t.app.db.selectFrom('code').select('id').where('reviewId', '=', otherReviewId).where('name', '=', 'Employment and work identity').executeTakeFirstOrThrow()).id;
    const good = cell('Employment', 'Individual', 'Enables');
    const refusals: Array<[Record<string, string>, number]> = [
      [{ ...good, theme: '999999' }, 404],
      [{ ...good, theme: 'abc' }, 404],
      [{ ...good, theme: String(otherTheme) }, 404],
      [{ ...good, theme: String(codes.Individual) }, 404], // a level is not a theme
      [{ ...good, theme: String(codes.Hope) }, 404], // a sub-code counts with its theme, it is no row
      [{ ...good, level: String(codes.Enables) }, 404],
      [{ ...good, direction: String(codes.Individual) }, 404],
      [{ ...good, direction: '' }, 404], // a level without a direction is no column of the chart
      [{ ...good, jurisdiction: 'Atlantis' }, 404],
    ];
    for (const [fields, status] of refusals) {
      const response = await owner.post(CELL, { ...fields, summary: 'Should not be stored.' });
      expect(response.statusCode, JSON.stringify(fields)).toBe(status);
    }
    // No summary field at all is a broken form, not a way to clear the Italy summary.
    expect((await owner.post(CELL, cell('Employment', undefined, undefined, 'Italy'))).statusCode).toBe(400);
    const long = await owner.post(CELL, { ...good, summary: 'x'.repeat(2_001) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Keep the summary to 2,000 characters');
    expect(long.body).toContain('x'.repeat(2_001)); // the text comes back to be shortened
    // A field sent twice, as a tampered form would.
    const body = new URLSearchParams([...Object.entries(good), ['theme', String(codes.Hope)], ['summary', 'x'], ['_csrf', owner.csrfToken]]);
    const cookie = ['cv_session', 'cv_csrf'].map((name) => `${name}=${owner.cookie(name) ?? ''}`).join('; ');
    const repeated = await t.app.inject({ method: 'POST', url: CELL, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(repeated.statusCode).toBe(400);
    expect((await owner.post(CELL, { ...good, summary: 'No token.' }, { csrf: false })).statusCode).toBe(403);
    await outsider.get('/reviews');
    expect((await outsider.post(CELL, { ...good, summary: 'Not a member.' })).statusCode).toBe(404);
    expect((await outsider.get(`${BASE}/chart`)).statusCode).toBe(404);
    // The cell's page refuses the same addresses.
    expect((await owner.get(`${CELL}?theme=${codes.Individual}`)).statusCode).toBe(404);
    expect((await owner.get(`${CELL}?theme=${codes.Employment}&j=Atlantis`)).statusCode).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('charts study × theme, and a summary follows its report into the study it is grouped with', async () => {
    const [a, b, c] = ids as [number, number, number];
    const page = await owner.get(`${BASE}/chart/studies`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rossi (2018)');
    expect(new RegExp(`id="cell-s${a}-t${codes.Employment}"[^>]*>\\s*<a[^>]*>3 excerpts<`).test(page.body)).toBe(true);
    expect(new RegExp(`id="cell-s${b}-t${codes['Desistance processes']}"[^>]*>\\s*<a[^>]*>1 excerpt<`).test(page.body)).toBe(true);

    const url = (study: number, theme: string) => `${BASE}/chart/studies/${study}/themes/${codes[theme]}`;
    expect((await owner.post(url(c, 'Employment'), { summary: 'Nobody writes about work.' })).statusCode).toBe(303);
    expect((await owner.post(url(a, 'Employment'), { summary: 'Rossi: wages and worth.' })).statusCode).toBe(303);
    expect((await owner.post(url(b, 'Hope'), { summary: 'A sub-code is no column.' })).statusCode).toBe(404);
    expect((await owner.post(url(999_999, 'Employment'), { summary: 'No such study.' })).statusCode).toBe(404);

    // Nobody (2020) becomes a report of Rossi's study: its summary still shows, on the study.
    const actorId = (await t.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    await groupReport(t.app.db, { reviewId, actorId }, a, c);
    const grouped = await owner.get(url(a, 'Employment'));
    expect(grouped.body).toContain('Rossi: wages and worth.\n\nNobody writes about work.');
    // Saving through the report's own id writes one summary, on the study's lead report.
    expect((await owner.post(url(c, 'Employment'), { summary: 'Rossi and Nobody: wages and worth.' })).statusCode).toBe(303);
    expect((await rows()).studies.map((r) => [r.recordId, r.themeId, r.summary])).toEqual([[a, codes.Employment, 'Rossi and Nobody: wages and worth.']]);
    const history = (await owner.get(`/reviews/${SLUG}/audit`)).body;
    expect(history).toContain('rewrote the chart summary of');
    expect(history).toContain('× “Employment and work identity”: “Rossi and Nobody: wages and worth.”');
  });

  it('downloads both charts as XLSX and DOCX, with counts, grain and summaries matching the ledger', async () => {
    await owner.get(`${BASE}/chart`);
    await owner.post(CELL, { ...cell('Employment', 'Individual', 'Enables'), summary: 'Work builds a worker identity.' });
    const xlsx = await owner.get(`${BASE}/chart.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`${SLUG}-framework-chart.xlsx`);
    const workbook = await readXlsx(xlsx.rawPayload);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['All jurisdictions', 'England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other', 'Study × theme']);
    const all = sheetValues(workbook.getWorksheet('All jurisdictions')!);
    expect(String(all[0]![0])).toContain('excerpt grain');
    const headings = all[1]!;
    const employment = all.find((r) => r[0] === 'Employment and work identity')!;
    const at = (heading: string) => employment[headings.indexOf(heading)];
    expect(at('Theme as a whole')).toBe('4 excerpts from 2 studies');
    expect(at('Individual · Enables')).toBe('Work builds a worker identity.\n\n2 excerpts from 2 studies');
    expect(at('Individual · Constrains')).toBe('no excerpts');
    const italy = sheetValues(workbook.getWorksheet('Italy')!);
    expect(italy.find((r) => r[0] === 'Employment and work identity')![1]).toBe('In Italy work comes through <social> co-operatives.\n\n3 excerpts from 1 study');
    const studies = sheetValues(workbook.getWorksheet('Study × theme')!);
    expect(studies[1]![1]).toBe('Employment and work identity');
    expect(studies.find((r) => r[0] === 'Rossi (2018)')![1]).toBe('Rossi and Nobody: wages and worth.\n\n3 excerpts');

    const docx = await owner.get(`${BASE}/chart.docx`);
    expect(docx.statusCode).toBe(200);
    const content = await readDocx(docx.rawPayload);
    expect(content.paragraphs.some((p) => p.style === 'Heading2' && p.text === 'Theme × level × direction: Italy')).toBe(true);
    expect(content.tables).toHaveLength(8);
    const [table] = content.tables;
    const row = table!.find((r) => r[0] === 'Employment and work identity')!;
    expect(row[table![0]!.indexOf('Individual · Enables')]).toBe('Work builds a worker identity.\n2 excerpts from 2 studies');
    expect(row[table![0]!.indexOf('Individual · Constrains')]).toBe('no excerpts');
    expect(content.tables[7]!.find((r) => r[0] === 'Rossi (2018)')![1]).toBe('Rossi and Nobody: wages and worth.\n3 excerpts');
    expect(content.headerRows).toEqual(Array(8).fill(1));
  });
});
