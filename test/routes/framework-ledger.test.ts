/**
 * Every framework number read back from the real routes and downloads against a ledger written by
 * hand (issue 13, "What it must show"). The scripted review, built as a team would: records found,
 * screened and included, two groups of reports made one study each, excerpts coded (one before its
 * report was grouped), a jurisdiction extracted per study, CASP appraisals, two review findings with
 * GRADE-CERQual and two charted cells.
 *
 * Reports (12 records from one search; X1, X2 excluded at title and abstract, the 10 others included):
 *   R1 Rossi & Bianchi 2018, preprint  } study A "Rossi and Bianchi (2019)", Italy (extracted on R2)
 *   R2 Rossi & Bianchi 2019, article   }   a1 coded on R2 before the grouping; the study's id is R1's
 *   R3 McNeill & Weaver 2010             study B, Scotland
 *   R4 Weaver 2016                     } study C "Weaver (2016)", England and Wales: two papers of one
 *   R5 Weaver 2018                     }   project; c1 coded on R5 before the grouping
 *   R6 Andersson 2015                    study D, Sweden (also coded "Sweden" on the study as a whole)
 *   R7 Halsey & Deegan 2017              study E, "Other: Australia" (also coded "Other" on the study as a whole)
 *   R8 Tauri 2019                        study F, "Other: New Zealand"; coded "Systemic" on the study as a whole
 *   R9 Farrall 2014                      study G, England and Wales
 *   R10 Marietti 2020                    study H, Italy; its excerpt quoted in Italian with a translation
 *
 * Excerpts (theme · level · direction; Emp = Employment and work identity, Gov = Co-operative structure
 * and governance, Cop = Co-production, Des = Desistance processes with its sub-codes, Soc = Social
 * integration, Sti = Stigma, Pol = Policy and commissioning):
 *   a1 Emp · Individual · Enables          a2 Gov · Systemic · Constrains
 *   b1 Hope · Individual (no direction)    b2 Soc · Relational · Enables
 *   c1 Emp · Individual · Enables          c2 Sti · Individual · Constrains    c3 Emp + Identity change · Individual · Enables
 *   d1 Pol · Systemic · Constrains         d2 Emp · Relational · Enables
 *   e1 Cop · Relational · Constrains
 *   f1 Pol · Constrains, no level of its own: it carries its study's "Systemic" (excerpt-codes.ts)
 *   f2 Soc · Relational · Enables (its own level wins over the study's "Systemic")
 *   g1 Emp · Systemic · Enables            g2 Sti (no level, no direction)
 *   h1 Emp + Agency · Individual · Enables (Italian, translated)
 * 15 excerpts, every study coded.
 *
 * At the study grain a study counts under Level × Direction when it carries both anywhere: B has
 * Individual (b1) and Enables (b2) on different excerpts, so it is in Individual · Enables there and
 * not at the excerpt grain; A, D and F likewise gather pairs no excerpt carries.
 *
 * Appraisal (CASP): A by Alice and Bob (two appraisers), consensus High; then one appraiser per study:
 * B Moderate, C High, D Low, E Moderate, F Low (Alice); H saved but not finished (Bob); G not appraised.
 * Findings: 1 on Emp from A, C, H (given by the reports R2, R5, R10), moderate confidence;
 *           2 on Pol from D, F, low confidence.
 * Charted: Emp · Individual · Enables and Pol · Systemic · Constrains, over all jurisdictions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisalSummaries } from '../../src/appraisal/appraisal-queries.js';
import { codebookTree, flattenCodebook } from '../../src/coding/coding-queries.js';
import { addExcerpt, setStudyCode } from '../../src/coding/coding-service.js';
import { addField } from '../../src/extraction/form-service.js';
import { saveExtraction } from '../../src/extraction/values-service.js';
import { addFinding } from '../../src/findings/findings-service.js';
import { prismaCounts } from '../../src/prisma/prisma-counts.js';
import { decide } from '../../src/screening/screening-service.js';
import { includedStudies } from '../../src/studies/included-studies.js';
import { groupReport } from '../../src/studies/report-grouping.js';
import { readDocx, readXlsx, sheetValues } from '../support/office-files.js';
import { insertSearch, reviewIdOf } from '../support/record-fixtures.js';
import { includeStudies } from '../support/study-fixtures.js';
import { addPeople, createReview, createTestApp, setupOwner, type Client, type TestApp } from '../support/test-app.js';

const SLUG = 'ledger';
const REVIEW = `/reviews/${SLUG}`;

// ---- the ledger, by hand

const STUDY = {
  A: 'Rossi and Bianchi (2019)',
  B: 'McNeill and Weaver (2010)',
  C: 'Weaver (2016)',
  D: 'Andersson (2015)',
  E: 'Halsey and Deegan (2017)',
  F: 'Tauri (2019)',
  G: 'Farrall (2014)',
  H: 'Marietti (2020)',
} as const;

const COLUMNS = ['Individual · Enables', 'Individual · Constrains', 'Relational · Enables', 'Relational · Constrains', 'Systemic · Enables', 'Systemic · Constrains'];
const ROWS = ['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other (Australia, New Zealand)'];

type Count = readonly [excerpts: number, studies: number];

const LEDGER = {
  /** 10 included reports, 8 studies (A and C two reports each); 12 records, 2 excluded at title and abstract. */
  records: 12,
  reports: 10,
  studies: 8,
  excerpts: 15,
  /** Every study has an excerpt; C's count once though both its reports carry excerpts. */
  coded: 8,

  /** Pivot, rows by the jurisdiction field, columns Level × Direction: [excerpts, studies] per cell in COLUMNS order, then the row's studies. */
  excerptPivot: {
    // c1, c3 (C) Individual · Enables; c2 (C) Individual · Constrains; g1 (G) Systemic · Enables. g2 has no level. Studies C, G.
    'England and Wales': [[2, 1], [1, 1], [0, 0], [0, 0], [1, 1], [0, 0], 2],
    // b2 Relational · Enables; b1 has no direction, so in no cell, but B is in the row.
    Scotland: [[0, 0], [0, 0], [1, 1], [0, 0], [0, 0], [0, 0], 1],
    'Northern Ireland': [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], 0],
    // a1 (A), h1 (H) Individual · Enables; a2 (A) Systemic · Constrains.
    Italy: [[2, 2], [0, 0], [0, 0], [0, 0], [0, 0], [1, 1], 2],
    // d2 Relational · Enables; d1 Systemic · Constrains. The study-level "Sweden" code changes nothing here.
    Sweden: [[0, 0], [0, 0], [1, 1], [0, 0], [0, 0], [1, 1], 1],
    // f2 (F) Relational · Enables; e1 (E) Relational · Constrains; f1 (F, Systemic from its study) Systemic · Constrains.
    'Other (Australia, New Zealand)': [[0, 0], [0, 0], [1, 1], [1, 1], [0, 0], [1, 1], 2],
  } as Record<string, [...Count[], number]>,
  /** Each excerpt once: a1 c1 c3 h1 | c2 | b2 d2 f2 | e1 | g1 | a2 d1 f1; every study has an excerpt in the pivot. */
  excerptTotals: [[4, 3], [1, 1], [3, 3], [1, 1], [1, 1], [3, 3], 8] as [...Count[], number],
  /**
   * Rows by the Jurisdiction code group instead: only D ("Sweden") and E ("Other") carry such codes, on
   * the study as a whole, which each of their excerpts carries; every other excerpt is "Not recorded".
   */
  excerptPivotByCodes: {
    Sweden: [[0, 0], [0, 0], [1, 1], [0, 0], [0, 0], [1, 1], 1], // d2, d1
    Other: [[0, 0], [0, 0], [0, 0], [1, 1], [0, 0], [0, 0], 1], // e1
    // a1 c1 c3 h1 | c2 | b2 f2 | - | g1 | a2 f1; studies A B C F G H
    'Not recorded': [[4, 3], [1, 1], [2, 2], [0, 0], [1, 1], [2, 2], 6],
  } as Record<string, [...Count[], number]>,

  /**
   * Studies carrying both codes anywhere (raw codes, study-level ones included):
   * A Ind Sys En Con; B Ind Rel En; C Ind En Con; D Rel Sys En Con; E Rel Con; F Sys(study) Rel En Con; G Sys En; H Ind En.
   */
  studyPivot: {
    'England and Wales': [1, 1, 0, 0, 1, 0, 2], // C: Ind·En, Ind·Con; G: Sys·En
    Scotland: [1, 0, 1, 0, 0, 0, 1], // B: Individual (b1) and Enables (b2) on different excerpts
    'Northern Ireland': [0, 0, 0, 0, 0, 0, 0],
    Italy: [2, 1, 0, 0, 1, 1, 2], // A: all four of Ind/Sys × En/Con; H: Ind·En
    Sweden: [0, 0, 1, 1, 1, 1, 1], // D: Rel/Sys × En/Con
    'Other (Australia, New Zealand)': [0, 0, 1, 2, 1, 1, 2], // E: Rel·Con; F: Rel/Sys × En/Con
  } as Record<string, number[]>,
  studyTotals: [4, 2, 3, 3, 4, 3, 8], // Ind·En A B C H; Ind·Con A C; Rel·En B D F; Rel·Con D E F; Sys·En A D F G; Sys·Con A D F

  /**
   * The framework chart and the chapter, per theme: the theme as a whole, then COLUMNS; the chapter's
   * "Individual · direction not coded" and "Level not coded" sub-sections apart.
   */
  themes: [
    // a1 c1 c3 d2 g1 h1 (A C D G H); Ind·En a1 c1 c3 h1 (A C H); Rel·En d2; Sys·En g1
    { name: 'Employment and work identity', whole: [6, 5], cells: [[4, 3], [0, 0], [1, 1], [0, 0], [1, 1], [0, 0]] },
    { name: 'Co-operative structure and governance', whole: [1, 1], cells: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [1, 1]] }, // a2
    { name: 'Co-production and participation', whole: [1, 1], cells: [[0, 0], [0, 0], [0, 0], [1, 1], [0, 0], [0, 0]] }, // e1
    // b1 (Hope) c3 (Identity change) h1 (Agency); b1 has no direction: "Individual · direction not coded" in the chapter
    { name: 'Desistance processes', whole: [3, 3], cells: [[2, 2], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], individualNoDirection: [1, 1] },
    { name: 'Social integration and social capital', whole: [2, 2], cells: [[0, 0], [0, 0], [2, 2], [0, 0], [0, 0], [0, 0]] }, // b2 f2
    // c2; g2 carries no level: "Level not coded" in the chapter
    { name: 'Stigma and criminal records', whole: [2, 2], cells: [[0, 0], [1, 1], [0, 0], [0, 0], [0, 0], [0, 0]], levelNotCoded: 1 },
    { name: 'Policy and commissioning', whole: [2, 2], cells: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [2, 2]] }, // d1 f1
  ] as Array<{ name: string; whole: Count; cells: Count[]; individualNoDirection?: Count; levelNotCoded?: number }>,

  /** The chart's "Other" sheet: Australia and New Zealand together; e1 (E), f2 and f1 (F); every other cell empty. */
  chartOther: {
    'Co-production and participation': { whole: [1, 1], 'Relational · Constrains': [1, 1] },
    'Social integration and social capital': { whole: [1, 1], 'Relational · Enables': [1, 1] },
    'Policy and commissioning': { whole: [1, 1], 'Systemic · Constrains': [1, 1] },
  } as Record<string, Record<string, Count>>,

  /** The chapter's jurisdiction comparison per theme: columns are its sub-sections holding evidence, cells "excerpts (studies)". */
  jurisdictionTables: {
    'Employment and work identity': {
      columns: ['Individual · Enables', 'Relational · Enables', 'Systemic · Enables'],
      rows: {
        'England and Wales': ['2 (1)', '0 (0)', '1 (1)'], // c1 c3; g1
        Scotland: ['0 (0)', '0 (0)', '0 (0)'],
        'Northern Ireland': ['0 (0)', '0 (0)', '0 (0)'],
        Italy: ['2 (2)', '0 (0)', '0 (0)'], // a1 h1
        Sweden: ['0 (0)', '1 (1)', '0 (0)'], // d2
        Other: ['0 (0)', '0 (0)', '0 (0)'],
      },
    },
    'Desistance processes': {
      columns: ['Individual · Enables', 'Individual · direction not coded'],
      rows: { 'England and Wales': ['1 (1)', '0 (0)'], Scotland: ['0 (0)', '1 (1)'], 'Northern Ireland': ['0 (0)', '0 (0)'], Italy: ['1 (1)', '0 (0)'], Sweden: ['0 (0)', '0 (0)'], Other: ['0 (0)', '0 (0)'] },
    },
    'Policy and commissioning': {
      columns: ['Systemic · Constrains'],
      rows: { 'England and Wales': ['0 (0)'], Scotland: ['0 (0)'], 'Northern Ireland': ['0 (0)'], Italy: ['0 (0)'], Sweden: ['1 (1)'], 'Other (New Zealand)': ['1 (1)'] },
    },
  } as Record<string, { columns: string[]; rows: Record<string, string[]> }>,

  /** CASP judgements: A (consensus) and C high; B and E moderate; D and F low; H in progress; G not started. */
  appraisal: { high: 2, moderate: 2, low: 2, complete: 6, inProgress: 1, notStarted: 1 },
  appraisalOf: {
    [STUDY.A]: 'High quality',
    [STUDY.B]: 'Moderate quality',
    [STUDY.C]: 'High quality',
    [STUDY.D]: 'Low quality',
    [STUDY.E]: 'Moderate quality',
    [STUDY.F]: 'Low quality',
  } as Record<string, string>,

  /** The SoQF table: studies as labels in the review's label order. */
  findings: [
    ['1', 'Paid work in a social co-operative supports a worker identity.', `${STUDY.H}; ${STUDY.A}; ${STUDY.C}`, 'Moderate confidence'],
    ['2', 'Commissioning by lowest price constrains what social co-operatives can offer.', `${STUDY.D}; ${STUDY.F}`, 'Low confidence'],
  ],
  charted: {
    'Employment and work identity|Individual · Enables': 'Paid work builds a worker identity.',
    'Policy and commissioning|Systemic · Constrains': 'Price-led tenders squeeze co-operatives out.',
  } as Record<string, string>,
};

// ---- reading what the routes give back

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
/** "4 excerpts from 3 studies", "no excerpts": how the framework chart writes a cell. */
const chartCount = ([excerpts, studies]: Count) => (excerpts === 0 ? 'no excerpts' : `${n(excerpts, 'excerpt', 'excerpts')} from ${n(studies, 'study', 'studies')}`);

/** The rows of the synthesis page's pivot table as row label → cell texts (the total row last). */
function htmlPivot(html: string): Map<string, string[]> {
  const table = /<table class="pivot">([\s\S]*?)<\/table>/.exec(html);
  if (!table) throw new Error('no pivot table on the synthesis page');
  const rows = new Map<string, string[]>();
  for (const tr of table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const head = /<th[^>]*scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(tr[1]!);
    if (!head) continue;
    const cells = [...tr[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => (/<summary>([^<]*)<\/summary>/.exec(m[1]!)?.[1] ?? m[1]!).trim());
    rows.set(head[1]!.replace(/<[^>]+>/g, '').trim(), cells);
  }
  return rows;
}

/** The chapter's sections: theme → sub-section heading → its paragraphs, with the theme's own paragraphs under ''. */
function chapterParts(markdown: string): Map<string, Map<string, string[]>> {
  const themes = new Map<string, Map<string, string[]>>();
  let theme: Map<string, string[]> | null = null;
  let section: string[] = [];
  for (const block of markdown.split(/\n\n+/)) {
    const h2 = /^## (.*)$/.exec(block);
    const h3 = /^### (.*)$/.exec(block);
    if (h2) themes.set(h2[1]!, (theme = new Map([['', (section = [])]])));
    else if (h3 && theme) theme.set(h3[1]!, (section = []));
    else section.push(block);
  }
  return themes;
}

describe('the framework numbers of a scripted review equal the ledger', () => {
  let t: TestApp;
  let owner: Client;
  let alice: Client;
  let bob: Client;
  let reviewId: number;
  let codes: Record<string, number>;
  let fieldId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await setupOwner(t.app);
    ({ alice, bob } = await addPeople(t.app, owner, [['Alice Appraiser', 'alice'], ['Bob Second', 'bob']] as const));
    await createReview(owner, { title: 'Social co-operatives and desistance', slug: SLUG, codebookTemplate: true }, ['alice', 'bob']);
    reviewId = await reviewIdOf(t.app.db, SLUG);
    const accountId = async (email: string) => (await t.app.db.selectFrom('account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const ctx = { reviewId, actorId: await accountId('owner@example.org') };
    const title = 'Work after prison in Italian social co-operatives';
    const { ids } = await insertSearch(t.app.db, reviewId, [
      { title, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2018, journal: 'SocArXiv', doi: '10.31235/osf.io/abcde', type: 'preprint' },
      { title, authors: ['Rossi, Maria', 'Bianchi, Luca'], year: 2019, journal: 'Punishment & Society', doi: '10.1177/ps.2019' },
      { title: 'Changing lives? Desistance research and offender management', authors: ['McNeill, Fergus', 'Weaver, Beth'], year: 2010 },
      { title: 'Working together: social co-operatives and desistance', authors: ['Weaver, Beth'], year: 2016 },
      { title: 'Co-operatives as communities of desistance', authors: ['Weaver, Beth'], year: 2018 },
      { title: 'Social enterprise in Swedish probation', authors: ['Andersson, Karin'], year: 2015 },
      { title: 'Generative work and desistance in Australia', authors: ['Halsey, Mark', 'Deegan, Simone'], year: 2017 },
      { title: 'Indigenous-led enterprise after prison', authors: ['Tauri, Juan'], year: 2019 },
      { title: 'Criminal careers in transition', authors: ['Farrall, Stephen'], year: 2014 },
      { title: 'Lavoro e pena nelle cooperative sociali', authors: ['Marietti, Susanna'], year: 2020, language: 'ita' },
      { title: 'Suspended sentences in Spain', authors: ['Cid, José'], year: 2009 },
      { title: 'Desistance and legitimacy', authors: ['Bottoms, Anthony'], year: 2012 },
    ]);
    const [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, x1, x2] = ids as [number, number, number, number, number, number, number, number, number, number, number, number];
    const reports = [r1, r2, r3, r4, r5, r6, r7, r8, r9, r10];
    await includeStudies(t.app.db, ctx, reports);
    for (const recordId of [x1, x2]) await decide(t.app.db, ctx, { recordId, stage: 'title_abstract', decision: 'exclude', reasonId: null, note: '', labels: [] });
    codes = Object.fromEntries(flattenCodebook(await codebookTree(t.app.db, reviewId)).map((c) => [c.name, c.id]));
    const c = (...names: string[]) => names.map((name) => {
      const id = codes[name];
      if (id === undefined) throw new Error(`no code ${name}`);
      return id;
    });
    const quote = (recordId: number, text: string, names: string[], extra: { language?: string; translation?: string; translator?: string } = {}) =>
      addExcerpt(t.app.db, ctx, recordId, { text, location: '12', memo: '', codeIds: c(...names), ...extra });
    const EMP = 'Employment and work identity';

    // Coding starts before the reports are grouped: a1 on the article, c1 on the project's second paper.
    await quote(r2, 'The co-operative gave me a wage and a reason to get up.', [EMP, 'Individual', 'Enables']);
    await quote(r5, 'Being paid like everyone else made me a worker.', [EMP, 'Individual', 'Enables']);
    await groupReport(t.app.db, ctx, r1, r2);
    await groupReport(t.app.db, ctx, r4, r5);

    await quote(r1, 'Public tenders go to the cheapest bidder, whatever the social return.', ['Co-operative structure and governance', 'Systemic', 'Constrains']);
    await quote(r3, 'For the first time I could imagine another life.', ['Hope', 'Individual']);
    await quote(r3, 'The team stood by me when my family could not.', ['Social integration and social capital', 'Relational', 'Enables']);
    await quote(r4, 'Employers asked about my record before my skills.', ['Stigma and criminal records', 'Individual', 'Constrains']);
    await quote(r4, 'I am a worker now, not an ex-con.', [EMP, 'Identity change', 'Individual', 'Enables']);
    await quote(r6, 'Municipal contracts are renewed yearly, so nothing can be planned.', ['Policy and commissioning', 'Systemic', 'Constrains']);
    await quote(r6, 'Colleagues taught me the job.', [EMP, 'Relational', 'Enables']);
    await quote(r7, 'Members were consulted, but decisions were made elsewhere.', ['Co-production and participation', 'Relational', 'Constrains']);
    await setStudyCode(t.app.db, ctx, r8, codes.Systemic!, true);
    await quote(r8, 'Funding rules written for large providers shut us out.', ['Policy and commissioning', 'Constrains']);
    await quote(r8, 'Whānau came to the workshop openings.', ['Social integration and social capital', 'Relational', 'Enables']);
    await quote(r9, 'Local labour markets opened through the co-operative’s contracts.', [EMP, 'Systemic', 'Enables']);
    await quote(r9, 'Disclosure never stopped being a worry.', ['Stigma and criminal records']);
    await quote(r10, 'Il lavoro mi ha dato la possibilità di scegliere.', [EMP, 'Agency', 'Individual', 'Enables'], { language: 'it', translation: 'Work gave me the chance to choose.', translator: 'Anna Rossi' });
    // Jurisdiction codes on studies as a whole, beside the extracted field (which the framework reads).
    await setStudyCode(t.app.db, ctx, r6, codes.Sweden!, true);
    await setStudyCode(t.app.db, ctx, r7, codes.Other!, true);

    fieldId = await addField(t.app.db, ctx, { label: 'Jurisdiction', help: 'Where the study was set.', kind: 'jurisdiction', choicesText: 'England and Wales\nScotland\nNorthern Ireland\nItaly\nSweden\nOther' });
    const extract = (recordId: number, value: string | { value: string; other: string }) => saveExtraction(t.app.db, ctx, recordId, new Map([[fieldId, value]]));
    await extract(r2, 'Italy');
    await extract(r3, 'Scotland');
    await extract(r4, 'England and Wales');
    await extract(r6, 'Sweden');
    await extract(r7, { value: 'Other', other: 'Australia' });
    await extract(r8, 'Other: New Zealand');
    await extract(r9, 'England and Wales');
    await extract(r10, 'Italy');

    // Appraisal through the forms: A by two appraisers and a consensus, then one appraiser per study.
    const appraisal = `${REVIEW}/appraisal`;
    const answers = (answer: string) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`answer:${i + 1}`, answer]));
    const appraise = async (client: Client, recordId: number, fields: Record<string, string>) => {
      await client.get(`${appraisal}/studies/${recordId}`);
      const saved = await client.post(`${appraisal}/studies/${recordId}`, fields);
      if (saved.statusCode !== 303) throw new Error(`appraising #${recordId}: ${saved.statusCode} ${saved.body.slice(0, 800)}`);
    };
    await owner.get(`${appraisal}/settings`);
    expect((await owner.post(`${appraisal}/settings`, { instrument: 'casp-qualitative', appraisers: '2' })).statusCode).toBe(303);
    await appraise(alice, r2, { ...answers('yes'), overall: 'high', intent: 'finish' });
    await appraise(bob, r1, { ...answers('yes'), 'answer:6': 'cant_tell', overall: 'moderate', intent: 'finish' });
    await alice.get(`${appraisal}/studies/${r1}`);
    expect((await alice.post(`${appraisal}/studies/${r1}/consensus`, { ...answers('yes'), overall: 'high' })).statusCode).toBe(303);
    await owner.get(`${appraisal}/settings`);
    expect((await owner.post(`${appraisal}/settings`, { instrument: 'casp-qualitative', appraisers: '1' })).statusCode).toBe(303);
    for (const [recordId, overall] of [[r3, 'moderate'], [r5, 'high'], [r6, 'low'], [r7, 'moderate'], [r8, 'low']] as const) {
      await appraise(alice, recordId, { ...answers('yes'), overall, intent: 'finish' });
    }
    await appraise(bob, r10, { 'answer:1': 'yes', intent: 'save' });

    // Two review findings, their studies named by any of their reports.
    const assessment = (concern: string, confidence: string, why: string) => ({
      components: Object.fromEntries(['methodologicalLimitations', 'coherence', 'adequacy', 'relevance'].map((k) => [k, { concern, explanation: concern === 'none' ? '' : `Some ${concern} concerns.` }])) as never,
      confidence,
      explanation: why,
    });
    await addFinding(t.app.db, ctx, { statement: LEDGER.findings[0]![1]!, codeId: codes[EMP]!, studyIds: [r2, r5, r10], excerptIds: [], assessment: assessment('minor', 'moderate', 'Minor concerns throughout.') });
    await addFinding(t.app.db, ctx, { statement: LEDGER.findings[1]![1]!, codeId: codes['Policy and commissioning']!, studyIds: [r6, r8], excerptIds: [], assessment: assessment('moderate', 'low', 'Two studies, thin data.') });

    // Two charted cells, through the chart's form.
    await owner.get(`${REVIEW}/synthesis/chart`);
    for (const [theme, level, direction, summary] of [
      [EMP, 'Individual', 'Enables', LEDGER.charted[`${EMP}|Individual · Enables`]!],
      ['Policy and commissioning', 'Systemic', 'Constrains', LEDGER.charted['Policy and commissioning|Systemic · Constrains']!],
    ] as const) {
      const saved = await owner.post(`${REVIEW}/synthesis/chart/cell`, { theme: String(codes[theme]), level: String(codes[level]), direction: String(codes[direction]), jurisdiction: '', summary });
      expect(saved.statusCode).toBe(303);
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('counts studies, not reports, everywhere: PRISMA, the dashboard, coding and the study list', async () => {
    const prisma = await prismaCounts(t.app.db, reviewId);
    expect(prisma.included).toEqual({ studies: LEDGER.studies, reports: LEDGER.reports });
    expect(prisma.databasesAndRegisters.identified).toBe(LEDGER.records);
    expect(prisma.databasesAndRegisters.recordsExcluded).toBe(LEDGER.records - LEDGER.reports);

    const studies = await includedStudies(t.app.db, reviewId);
    expect(studies.map((s) => s.label)).toEqual(Object.values(STUDY).sort((a, b) => a.localeCompare(b)));
    expect(studies.find((s) => s.label === STUDY.A)!.reports).toHaveLength(2);
    expect(studies.find((s) => s.label === STUDY.C)!.reports).toHaveLength(2);

    const dashboard = (await owner.get(REVIEW)).body;
    expect(dashboard).toContain(`<strong>${LEDGER.coded}</strong> of ${LEDGER.studies} studies coded`);
    expect(dashboard).toContain(`<strong>${LEDGER.studies}</strong> studies in the matrix`);
    expect(dashboard).toContain(`<strong>${LEDGER.studies}</strong> studies included`);
    expect(dashboard).toContain(`${LEDGER.reports} included reports`);
    expect(dashboard).toContain(`${LEDGER.excerpts} excerpts`);

    const coding = (await owner.get(`${REVIEW}/coding`)).body;
    expect(coding).toContain(`${LEDGER.studies} included studies · ${LEDGER.coded} coded · ${LEDGER.excerpts} excerpts.`);
  });

  it('shows the pivot at the excerpt grain on the synthesis page and in the workbook', async () => {
    const expected = (row: [...Count[], number]) => [...(row.slice(0, 6) as Count[]).map(([e, s]) => `${e} (${s})`), String(row[6])];
    const page = await owner.get(`${REVIEW}/synthesis`);
    expect(page.statusCode).toBe(200);
    const html = htmlPivot(page.body);
    expect([...html.keys()]).toEqual([...ROWS, 'Total (each counted once)']);
    for (const row of ROWS) expect(html.get(row), row).toEqual(expected(LEDGER.excerptPivot[row]!));
    expect([...html.values()].at(-1)).toEqual(expected(LEDGER.excerptTotals));

    const byCodes = htmlPivot((await owner.get(`${REVIEW}/synthesis?rows=group:${codes.Jurisdiction}`)).body);
    expect([...byCodes.keys()]).toEqual(['England and Wales', 'Scotland', 'Northern Ireland', 'Italy', 'Sweden', 'Other', 'Not recorded', 'Total (each counted once)']);
    for (const [row, counts] of byCodes) {
      if (row === 'Total (each counted once)') expect(counts).toEqual(expected(LEDGER.excerptTotals));
      else expect(counts, row).toEqual(expected(LEDGER.excerptPivotByCodes[row] ?? [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], 0]));
    }

    const xlsx = await owner.get(`${REVIEW}/synthesis/matrix.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const sheet = sheetValues((await readXlsx(xlsx.rawPayload)).getWorksheet('Pivot')!);
    expect(sheet[0]).toEqual(['Jurisdiction × Level × Direction', ...COLUMNS.flatMap((c) => [`${c}: excerpts`, `${c}: studies`]), 'Studies']);
    expect(sheet.slice(1).map((r) => r[0])).toEqual([...ROWS, 'Total (each counted once)']);
    for (const [i, row] of ROWS.entries()) expect(sheet[i + 1], row).toEqual([row, ...(LEDGER.excerptPivot[row]!.slice(0, 6) as Count[]).flat(), LEDGER.excerptPivot[row]![6]]);
    expect(sheet[ROWS.length + 1]).toEqual(['Total (each counted once)', ...(LEDGER.excerptTotals.slice(0, 6) as Count[]).flat(), LEDGER.excerptTotals[6]]);
  });

  it('shows the pivot at the study grain, labelled as such, on the page and in the workbook', async () => {
    const page = await owner.get(`${REVIEW}/synthesis?grain=study`);
    expect(page.body).toContain('study level');
    const html = htmlPivot(page.body);
    for (const row of ROWS) expect(html.get(row), row).toEqual(LEDGER.studyPivot[row]!.map(String));
    expect([...html.values()].at(-1)).toEqual(LEDGER.studyTotals.map(String));

    const xlsx = await owner.get(`${REVIEW}/synthesis/matrix.xlsx?grain=study`);
    const sheet = sheetValues((await readXlsx(xlsx.rawPayload)).getWorksheet('Pivot')!);
    expect(sheet[0]).toEqual(['Jurisdiction × Level × Direction', ...COLUMNS, 'Studies']);
    for (const [i, row] of ROWS.entries()) expect(sheet[i + 1], row).toEqual([row, ...LEDGER.studyPivot[row]!]);
    expect(sheet[ROWS.length + 1]).toEqual(['Total (each counted once)', ...LEDGER.studyTotals]);
  });

  it('writes the framework chart workbook with the ledger’s counts and the charted summaries', async () => {
    const xlsx = await owner.get(`${REVIEW}/synthesis/chart.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = await readXlsx(xlsx.rawPayload);
    const all = sheetValues(workbook.worksheets[0]!);
    expect(workbook.worksheets[0]!.name).toBe('All jurisdictions');
    expect(all[1]).toEqual(['Theme', 'Theme as a whole', ...COLUMNS]);
    expect(all.slice(2).map((r) => r[0])).toEqual(LEDGER.themes.map((th) => th.name));
    for (const [i, theme] of LEDGER.themes.entries()) {
      const expected = [theme.whole, ...theme.cells].map((count, c) => {
        const summary = c === 0 ? undefined : LEDGER.charted[`${theme.name}|${COLUMNS[c - 1]}`];
        return summary ? `${summary}\n\n${chartCount(count)}` : chartCount(count);
      });
      expect(all[i + 2], theme.name).toEqual([theme.name, ...expected]);
    }
    const other = sheetValues(workbook.getWorksheet('Other')!);
    expect(other.slice(2).map((r) => r[0])).toEqual(LEDGER.themes.map((th) => th.name));
    for (const row of other.slice(2)) {
      const expected = LEDGER.chartOther[String(row[0])] ?? {};
      expect(row.slice(1), String(row[0])).toEqual(['whole', ...COLUMNS].map((c) => chartCount(expected[c] ?? [0, 0])));
    }
    // The Study × theme sheet: one row per study, never per report.
    const byStudy = sheetValues(workbook.getWorksheet('Study × theme')!);
    expect(byStudy.slice(2).map((r) => r[0])).toEqual(Object.values(STUDY).sort((a, b) => a.localeCompare(b)));
  });

  it('drafts the chapter with the ledger’s sub-section counts, jurisdiction tables and one reference per study', async () => {
    const response = await owner.get(`${REVIEW}/synthesis/chapter.md`);
    expect(response.statusCode).toBe(200);
    const markdown = response.body;
    expect(markdown).toContain(`built from the coding of ${LEDGER.studies} included studies`);
    const parts = chapterParts(markdown);
    const lead = (paragraphs: readonly string[]) => paragraphs.find((p) => /^(\d+ excerpts? (from|on)|No excerpt)/.test(p));
    for (const theme of LEDGER.themes) {
      const sections = parts.get(theme.name);
      expect(sections, theme.name).toBeDefined();
      const [excerpts, studies] = theme.whole;
      // (The verb is left out: "1 excerpt from 1 study carry" is a wording slip, not a number.)
      expect(sections!.get('')!.some((p) => p.startsWith(`${n(excerpts, 'excerpt', 'excerpts')} from ${n(studies, 'study', 'studies')} carr`)), theme.name).toBe(true);
      for (const [c, column] of COLUMNS.entries()) {
        const [e, s] = theme.cells[c]!;
        const text = lead(sections!.get(column) ?? []);
        expect(text, `${theme.name} · ${column}`).toBeDefined();
        if (e === 0) expect(text).toBe('No excerpt carries this theme here.');
        else expect(text!.startsWith(`${n(e, 'excerpt', 'excerpts')} from ${n(s, 'study', 'studies')} (`), `${theme.name} · ${column}: ${text}`).toBe(true);
        const summary = LEDGER.charted[`${theme.name}|${column}`];
        if (summary) expect(sections!.get(column)).toContain(`*Charted summary:* ${summary}`);
      }
      const noDirection = sections!.get('Individual · direction not coded');
      if (theme.individualNoDirection) expect(lead(noDirection!)!.startsWith(`${n(theme.individualNoDirection[0], 'excerpt', 'excerpts')} from ${n(theme.individualNoDirection[1], 'study', 'studies')} (`)).toBe(true);
      else expect(noDirection, theme.name).toBeUndefined();
      const noLevel = sections!.get('Level not coded');
      if (theme.levelNotCoded) expect(lead(noLevel!)!.startsWith(`${theme.levelNotCoded} excerpt`)).toBe(true);
      else expect(noLevel, theme.name).toBeUndefined();
    }

    for (const [theme, table] of Object.entries(LEDGER.jurisdictionTables)) {
      const block = parts.get(theme)!.get('Comparing jurisdictions')!.find((p) => p.startsWith('|'))!;
      const lines = block.split('\n').map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
      expect(lines[0], theme).toEqual(['Jurisdiction', ...table.columns]);
      const rows = Object.fromEntries(lines.slice(2).map(([label, ...cells]) => [label!, cells]));
      expect(rows, theme).toEqual(table.rows);
    }

    // References: one per study, the grouped reports cited once (by the article, not the preprint).
    const references = parts.get('References')!.get('')!.filter((p) => !p.startsWith('[^'));
    expect(references).toHaveLength(LEDGER.studies);
    expect(references.filter((r) => r.includes('Rossi'))).toHaveLength(1);
    expect(references.find((r) => r.includes('Rossi'))).toContain('2019');
    expect(references.filter((r) => r.startsWith('Weaver'))).toHaveLength(1);
    // The Italian excerpt is quoted in translation, its original in a note.
    expect(markdown).toContain('Work gave me the chance to choose.');
    expect(markdown).toMatch(/\[\^\d+\]: .*Il lavoro mi ha dato la possibilità di scegliere\./);
  });

  it('sums the appraisals as the ledger does, on the overview, in the summaries and in the characteristics table', async () => {
    const summaries = [...(await appraisalSummaries(t.app.db, reviewId, await includedStudies(t.app.db, reviewId))).values()];
    const count = (f: (s: (typeof summaries)[number]) => boolean) => summaries.filter(f).length;
    expect({
      high: count((s) => s.overall === 'high'),
      moderate: count((s) => s.overall === 'moderate'),
      low: count((s) => s.overall === 'low'),
      complete: count((s) => s.status === 'complete'),
      inProgress: count((s) => s.status === 'in_progress'),
      notStarted: count((s) => s.status === 'not_started'),
    }).toEqual(LEDGER.appraisal);

    const overview = (await owner.get(`${REVIEW}/appraisal`)).body;
    expect(overview).toContain(`${LEDGER.appraisal.complete} of ${LEDGER.studies} studies appraised.`);
    expect((overview.match(/<tr [^>]*data-study=/g) ?? []).length).toBe(LEDGER.studies);
    // One study agreed by two appraisers: the agreement table counts it.
    expect(overview).toMatch(/<td>CASP Qualitative Studies Checklist<\/td><td class="num">1<\/td>/);

    const xlsx = await owner.get(`${REVIEW}/characteristics/included.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const rows = sheetValues((await readXlsx(xlsx.rawPayload)).worksheets[0]!);
    const [head, ...body] = rows as [Array<string | number | null>, ...Array<Array<string | number | null>>];
    expect(body).toHaveLength(LEDGER.studies);
    const column = (name: string) => head.indexOf(name);
    const byLabel = new Map(body.map((r) => [String(r[column('Study')]), r]));
    expect([...byLabel.keys()].sort()).toEqual(Object.values(STUDY).sort());
    for (const [label, judgement] of Object.entries(LEDGER.appraisalOf)) expect(String(byLabel.get(label)![column('Appraisal')]), label).toContain(judgement);
    expect(String(byLabel.get(STUDY.G)![column('Appraisal')])).toContain('Not yet appraised');
    expect(String(byLabel.get(STUDY.H)![column('Appraisal')])).toContain('Not yet appraised');
    expect(byLabel.get(STUDY.E)![column('Jurisdiction')]).toBe('Other: Australia');
    expect(byLabel.get(STUDY.A)![column('Jurisdiction')]).toBe('Italy');
    expect(String(byLabel.get(STUDY.A)![column('Also reported in')])).toContain('2018');
    expect(String(byLabel.get(STUDY.C)![column('Also reported in')])).toContain('Co-operatives as communities of desistance');
  });

  it('writes the Summary of Qualitative Findings table with the findings’ studies and confidence', async () => {
    const docx = await owner.get(`${REVIEW}/findings/soqf.docx`);
    expect(docx.statusCode).toBe(200);
    const [soqf] = (await readDocx(docx.rawPayload)).tables;
    expect(soqf!.slice(1).map((r) => r.slice(0, 4))).toEqual(LEDGER.findings);
  });
});
