/**
 * The characteristics tables (PRISMA 2020 items 17 and 16b) downloaded through their routes and read
 * back, against a ledger written by hand. The scripted review:
 *
 *   PRE  Rossi and Bianchi 2018, preprint (SocArXiv)     } one study: decided "versions" after both
 *   ART  Rossi and Bianchi 2019, article (cites it)      } were included and extracted
 *   MCN  McNeill and Weaver 2010                          included
 *   X1   Andersson 2015   excluded: owner "Wrong population", Rita "Wrong study design" → counted under population
 *   X2   Bottoms 2012     excluded: both "Wrong population"
 *   X3   Abbott 2020      excluded: both "Wrong study design"
 *   X4   Cid 2009         excluded: both "Not empirical research"
 *   X5   Kazemian 2011    conflict (Rita include, owner exclude "Wrong population"), resolved exclude "Wrong outcome"
 *   NR   Farrall 2014     not retrieved
 *   TA   Nugent 2016      excluded at title and abstract (in neither table)
 *   Typed on the PRISMA page (other methods, outside Coreview): 4 reports sought, 1 not retrieved, 2 excluded (Language).
 *
 * Extraction (fields Design, Sample size, Jurisdiction, Setting), written before the grouping:
 *   PRE: Design Mixed methods, Jurisdiction Italy, Setting Social co-operatives;  ART: Design Qualitative, Sample size 24
 *   MCN: Design Mixed methods, Jurisdiction Scotland
 * The study's value is its citing report's (ART) first, then PRE's: Qualitative, 24, Italy, Social co-operatives.
 * Appraisal (CASP, one appraiser): the Rossi study finished by Rita as high quality, written on PRE; McNeill not appraised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAppraisal } from '../../src/appraisal/appraisal-service.js';
import { decidePair } from '../../src/dedup/dedup-service.js';
import { detectDuplicates } from '../../src/dedup/detection.js';
import { addField } from '../../src/extraction/form-service.js';
import { saveExtraction } from '../../src/extraction/values-service.js';
import { emptyBoxes, saveBoxes } from '../../src/prisma/prisma-boxes.js';
import { prismaCounts } from '../../src/prisma/prisma-counts.js';
import { decide, resolve, setNotRetrieved } from '../../src/screening/screening-service.js';
import { changeSettings } from '../../src/screening/settings-service.js';
import { blindResults } from '../../src/screening/visibility.js';
import { readDocx, readXlsx, sheetValues } from '../support/office-files.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'chars';
const BASE = `/reviews/${SLUG}/characteristics`;
const TITLE = 'Work after prison in Italian social co-operatives';

// ---- the ledger, by hand
const ART = 'Rossi, Maria; Bianchi, Luca (2019). Work after prison in Italian social co-operatives. Punishment & Society. https://doi.org/10.1177/ps.2019';
const PRE = 'Rossi, Maria; Bianchi, Luca (2018). Work after prison in Italian social co-operatives. SocArXiv. https://doi.org/10.31235/osf.io/abcde';
const MCN = 'McNeill, Fergus; Weaver, Beth (2010). Changing lives? Desistance research and offender management. Scottish Centre for Crime and Justice Research.';
const X1 = 'Andersson, Karin (2015). Drug treatment in Swedish prisons. Nordic Journal of Criminology. https://doi.org/10.1080/x1';
const X2 = 'Bottoms, Anthony (2012). Desistance and legitimacy. Probation Journal.';
const X3 = 'Abbott, Zoe (2020). Electronic monitoring & breach: a <review>. Probation Journal.';
const X4 = 'Cid, José (2009). Suspended sentences in Spain. Probation Journal.';
const X5 = 'Kazemian, Lila (2011). Pathways out of crime. Probation Journal.';
const NR = 'Farrall, Stephen (2014). Criminal careers in transition. Probation Journal.';
const HIGH = 'High quality (CASP Qualitative Studies Checklist)';

describe('the characteristics tables', () => {
  let t: TestApp;
  let owner: Client;
  let rita: Client;
  let outsider: Client;
  let reviewId: number;
  let ownerCtx: { reviewId: number; actorId: number };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ rita, otto: outsider } = await addPeople(t.app, owner, [['Rita Reviewer', 'rita'], ['Otto Outsider', 'otto']]));
    await createReview(owner, { title: 'Co-operatives and desistance', slug: SLUG }, ['rita']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const accounts = await t.app.db.selectFrom('account').select(['id', 'email']).execute();
    const idOf = (email: string) => accounts.find((a) => a.email === email)!.id;
    ownerCtx = { reviewId, actorId: idOf('owner@example.org') };
    const ritaCtx = { reviewId, actorId: idOf('rita@example.org') };
    const reasons = new Map(
      (await t.app.db.selectFrom('exclusionReason').select(['id', 'text']).where('reviewId', '=', reviewId).where('list', '=', 'full_text').execute()).map((r) => [r.text, r.id]),
    );
    const reason = (text: string) => reasons.get(text)!;

    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title: TITLE, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2018, journal: 'SocArXiv', doi: '10.31235/osf.io/abcde', type: 'preprint' },
      { title: TITLE, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2019, journal: 'Punishment & Society', doi: '10.1177/ps.2019' },
      { title: 'Changing lives? Desistance research and offender management', authors: ['McNeill, Fergus', 'Weaver, Beth'], year: 2010, journal: 'Scottish Centre for Crime and Justice Research' },
      { title: 'Drug treatment in Swedish prisons', authors: ['Andersson, Karin'], year: 2015, journal: 'Nordic Journal of Criminology', doi: '10.1080/x1' },
      { title: 'Desistance and legitimacy', authors: ['Bottoms, Anthony'], year: 2012 },
      { title: 'Electronic monitoring & breach: a <review>', authors: ['Abbott, Zoe'], year: 2020 },
      { title: 'Suspended sentences in Spain', authors: ['Cid, José'], year: 2009 },
      { title: 'Pathways out of crime', authors: ['Kazemian, Lila'], year: 2011 },
      { title: 'Criminal careers in transition', authors: ['Farrall, Stephen'], year: 2014 },
      { title: 'Hope and shame in youth justice', authors: ['Nugent, Briege'], year: 2016 },
    ]);
    const [pre, art, mcn, x1, x2, x3, x4, x5, nr, ta] = ids as [number, number, number, number, number, number, number, number, number, number];

    // Title and abstract: the owner alone. Full text: two reviewers each.
    const decideAs = (ctx: typeof ownerCtx, recordId: number, stage: 'title_abstract' | 'full_text', decision: 'include' | 'exclude', reasonId: number | null = null) =>
      decide(t.app.db, ctx, { recordId, stage, decision, reasonId, note: '', labels: [] });
    for (const id of [pre, art, mcn, x1, x2, x3, x4, x5, nr]) await decideAs(ownerCtx, id, 'title_abstract', 'include');
    await decideAs(ownerCtx, ta, 'title_abstract', 'exclude', null);
    await changeSettings(t.app.db, ownerCtx, 'full_text', { reviewersNeeded: 2, blind: false, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    for (const id of [pre, art, mcn]) for (const ctx of [ownerCtx, ritaCtx]) await decideAs(ctx, id, 'full_text', 'include');
    await decideAs(ownerCtx, x1, 'full_text', 'exclude', reason('Wrong population'));
    await decideAs(ritaCtx, x1, 'full_text', 'exclude', reason('Wrong study design'));
    for (const ctx of [ownerCtx, ritaCtx]) {
      await decideAs(ctx, x2, 'full_text', 'exclude', reason('Wrong population'));
      await decideAs(ctx, x3, 'full_text', 'exclude', reason('Wrong study design'));
      await decideAs(ctx, x4, 'full_text', 'exclude', reason('Not empirical research'));
    }
    await decideAs(ritaCtx, x5, 'full_text', 'include');
    await decideAs(ownerCtx, x5, 'full_text', 'exclude', reason('Wrong population'));
    await resolve(t.app.db, ownerCtx, { recordId: x5, stage: 'full_text', decision: 'exclude', reasonId: reason('Wrong outcome'), note: '' });
    await setNotRetrieved(t.app.db, ownerCtx, nr, true);
    const boxes = emptyBoxes();
    boxes.counts.other_sought_not_imported = 4;
    boxes.counts.other_notretrieved_not_imported = 1;
    boxes.otherExcluded = [{ reason: 'Language', n: 2 }];
    await saveBoxes(t.app.db, ownerCtx, boxes);

    // The extraction, written on each report before the two were grouped.
    const field = (label: string, kind: 'single_choice' | 'number' | 'jurisdiction' | 'short_text', choicesText = '') => addField(t.app.db, ownerCtx, { label, help: '', kind, choicesText });
    const design = await field('Design', 'single_choice', 'Qualitative\nMixed methods');
    const sample = await field('Sample size', 'number');
    const jurisdiction = await field('Jurisdiction', 'jurisdiction', 'Italy\nScotland\nOther');
    const setting = await field('Setting', 'short_text');
    await saveExtraction(t.app.db, ownerCtx, pre, new Map([[design, 'Mixed methods'], [jurisdiction, 'Italy'], [setting, 'Social co-operatives']]));
    await saveExtraction(t.app.db, ownerCtx, art, new Map([[design, 'Qualitative'], [sample, '24']]));
    await saveExtraction(t.app.db, ownerCtx, mcn, new Map([[design, 'Mixed methods'], [jurisdiction, 'Scotland']]));

    // The preprint and its article: one study.
    await detectDuplicates(t.app.db, ownerCtx);
    const pairs = await t.app.db.selectFrom('duplicatePair').select(['id', 'recordA', 'recordB']).where('reviewId', '=', reviewId).where('status', '=', 'pending').execute();
    expect(pairs.map((p) => [p.recordA, p.recordB].sort((a, b) => a - b))).toEqual([[pre, art]]);
    await decidePair(t.app.db, ownerCtx, pairs[0]!.id, 'versions');
    const yes = { answer: 'yes', comment: '' };
    await saveAppraisal(t.app.db, { ...ritaCtx, isOwner: false }, pre, { category: '', answers: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), yes])), overall: 'high', note: '' }, true);
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  it('lists each included study once, its reports cited, with the extraction of its first report that has a value (DOCX)', async () => {
    const response = await owner.get(`${BASE}/included.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    expect(response.headers['content-disposition']).toContain(`${SLUG}-included-studies.docx`);
    const docx = await readDocx(response.rawPayload);
    expect(docx.paragraphs[0]).toEqual({ style: 'Heading1', text: 'Characteristics of included studies: Co-operatives and desistance' });
    expect(docx.paragraphs[1]!.text).toMatch(/^2 included studies \(3 reports\), one row per study\./);
    expect(docx.tables).toEqual([
      [
        ['Study', 'Reports', 'Design', 'Sample size', 'Jurisdiction', 'Setting', 'Appraisal'],
        ['McNeill and Weaver (2010)', MCN, 'Mixed methods', '', 'Scotland', '', 'Not yet appraised'],
        ['Rossi and Bianchi (2019)', `${ART}\nAlso reported in:\n${PRE}`, 'Qualitative', '24', 'Italy', 'Social co-operatives', HIGH],
      ],
    ]);
    expect(docx.headerRows).toEqual([1]);
  });

  it('has the same table in the workbook, a citation in columns and numbers as numbers (XLSX)', async () => {
    const response = await owner.get(`${BASE}/included.xlsx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = await readXlsx(response.rawPayload);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Included studies']);
    expect(sheetValues(workbook.getWorksheet('Included studies')!)).toEqual([
      ['Study', 'Authors', 'Year', 'Title', 'Journal', 'DOI', 'Also reported in', 'Design', 'Sample size', 'Jurisdiction', 'Setting', 'Appraisal'],
      ['McNeill and Weaver (2010)', 'McNeill, Fergus; Weaver, Beth', 2010, 'Changing lives? Desistance research and offender management', 'Scottish Centre for Crime and Justice Research', null, null, 'Mixed methods', null, 'Scotland', null, 'Not yet appraised'],
      ['Rossi and Bianchi (2019)', 'Rossi, Maria; Bianchi, Luca', 2019, TITLE, 'Punishment & Society', '10.1177/ps.2019', PRE, 'Qualitative', 24, 'Italy', 'Social co-operatives', HIGH],
    ]);
    const doi = workbook.getWorksheet('Included studies')!.getCell('F3').value as { hyperlink: string };
    expect(doi.hyperlink).toBe('https://doi.org/10.1177/ps.2019');
  });

  it('lists the reports excluded at full text under the reason PRISMA counts, by reason then citation, and those not retrieved apart (DOCX)', async () => {
    const response = await owner.get(`${BASE}/excluded.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`${SLUG}-excluded-full-texts.docx`);
    const docx = await readDocx(response.rawPayload);
    expect(docx.paragraphs.filter((p) => p.style.startsWith('Heading')).map((p) => p.text)).toEqual([
      'Reports excluded at full text, with reasons: Co-operatives and desistance',
      'Reports not retrieved',
    ]);
    expect(docx.tables).toEqual([
      [
        ['Report', 'Reason for exclusion'],
        [X1, 'Wrong population\nAlso given:\nWrong study design'],
        [X2, 'Wrong population'],
        [X5, 'Wrong outcome\nAlso given:\nWrong population'],
        [X3, 'Wrong study design'],
        [X4, 'Not empirical research'],
      ],
      [['Report'], [NR]],
    ]);
    const said = docx.paragraphs.filter((p) => p.text.startsWith('The PRISMA diagram also counts')).map((p) => p.text);
    expect(said).toEqual([
      'The PRISMA diagram also counts 2 reports found by other methods and excluded outside Coreview, with no record to list: Language (2).',
      'The PRISMA diagram also counts 1 report found by other methods and not retrieved outside Coreview, with no record to list.',
    ]);
    expect(docx.xml).not.toContain('<review>');
  });

  it('agrees with the PRISMA flow diagram’s reasons and counts (XLSX)', async () => {
    const workbook = await readXlsx((await owner.get(`${BASE}/excluded.xlsx`)).rawPayload);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Excluded at full text', 'Not retrieved', 'Outside Coreview']);
    const excluded = sheetValues(workbook.getWorksheet('Excluded at full text')!);
    expect(excluded).toEqual([
      ['Reason for exclusion', 'Authors', 'Year', 'Title', 'Journal', 'DOI', 'Other reasons given'],
      ['Wrong population', 'Andersson, Karin', 2015, 'Drug treatment in Swedish prisons', 'Nordic Journal of Criminology', '10.1080/x1', 'Wrong study design'],
      ['Wrong population', 'Bottoms, Anthony', 2012, 'Desistance and legitimacy', 'Probation Journal', null, null],
      ['Wrong outcome', 'Kazemian, Lila', 2011, 'Pathways out of crime', 'Probation Journal', null, 'Wrong population'],
      ['Wrong study design', 'Abbott, Zoe', 2020, 'Electronic monitoring & breach: a <review>', 'Probation Journal', null, null],
      ['Not empirical research', 'Cid, José', 2009, 'Suspended sentences in Spain', 'Probation Journal', null, null],
    ]);
    expect(sheetValues(workbook.getWorksheet('Not retrieved')!)).toEqual([
      ['Authors', 'Year', 'Title', 'Journal', 'DOI'],
      ['Farrall, Stephen', 2014, 'Criminal careers in transition', 'Probation Journal', null],
    ]);
    expect(sheetValues(workbook.getWorksheet('Outside Coreview')!)).toEqual([
      ['Outcome', 'Reason for exclusion', 'Reports'],
      ['Excluded', 'Language', 2],
      ['Not retrieved', null, 1],
    ]);
    // The flow diagram's reasons, counted by the same rule, and its reports not retrieved, in both columns.
    const counts = await prismaCounts(t.app.db, reviewId);
    const perReason = new Map<string, number>();
    for (const row of excluded.slice(1)) perReason.set(String(row[0]), (perReason.get(String(row[0])) ?? 0) + 1);
    expect(counts.databasesAndRegisters.reasons.map((r) => [r.reason, r.reports])).toEqual([...perReason]);
    expect(counts.otherMethods.reasons.map((r) => [r.reason, r.reports])).toEqual([['Language', 2]]);
    expect(counts.databasesAndRegisters.notRetrieved + counts.otherMethods.notRetrieved).toBe(1 + 1);
  });

  it('is linked from the exports and synthesis pages', async () => {
    for (const page of [`/reviews/${SLUG}/exports`, `/reviews/${SLUG}/synthesis`]) {
      const body = (await owner.get(page)).body;
      for (const file of ['included.docx', 'included.xlsx', 'excluded.docx', 'excluded.xlsx']) expect(body, page).toContain(`href="${BASE}/${file}"`);
    }
  });

  it('answers an unknown table or format with a 404, and people outside the review with a 404', async () => {
    for (const url of [`${BASE}/included.pdf`, `${BASE}/excluded.csv`, `${BASE}/included.`, `${BASE}/elsewhere.docx`]) expect((await owner.get(url)).statusCode, url).toBe(404);
    await outsider.get('/reviews');
    expect((await outsider.get(`${BASE}/included.docx`)).statusCode).toBe(404);
  });

  it('keeps both tables from a member full-text screening is blind to, with the reason, and shows them to the owner', async () => {
    expect((await rita.get(`${BASE}/included.xlsx`)).statusCode).toBe(200);
    await changeSettings(t.app.db, ownerCtx, 'full_text', { reviewersNeeded: 2, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
    for (const file of ['included.docx', 'included.xlsx', 'excluded.docx', 'excluded.xlsx']) {
      const refused = await rita.get(`${BASE}/${file}`);
      expect(refused.statusCode, file).toBe(403);
      expect(refused.body, file).toContain(blindResults('full_text'));
      expect((await owner.get(`${BASE}/${file}`)).statusCode, file).toBe(200);
    }
  });
});
