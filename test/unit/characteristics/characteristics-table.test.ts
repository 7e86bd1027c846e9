import { describe, expect, it } from 'vitest';
import { excludedDocx, includedDocx } from '../../../src/characteristics/characteristics-docx.js';
import { excludedTable, includedTable, reportCitation, type CitedReport } from '../../../src/characteristics/characteristics-table.js';
import { excludedXlsx, includedXlsx } from '../../../src/characteristics/characteristics-xlsx.js';
import type { ExtractionField } from '../../../src/extraction/field-types.js';
import type { IncludedStudy } from '../../../src/studies/included-studies.js';
import { readDocx, readXlsx, sheetValues } from '../../support/office-files.js';

const report = (id: number, fields: Partial<CitedReport & { type: string }> = {}): CitedReport & { type: string } => ({
  id,
  title: `Title ${id}`,
  authors: [`Author${id}, A.`],
  year: 2000 + id,
  journal: 'Probation Journal',
  doi: null,
  type: 'article-journal',
  ...fields,
});

const study = (label: string, reports: Array<CitedReport & { type: string }>): IncludedStudy => ({
  id: Math.min(...reports.map((r) => r.id)),
  label,
  title: reports[0]!.title,
  authors: [...reports[0]!.authors],
  year: reports[0]!.year,
  journal: reports[0]!.journal,
  doi: reports[0]!.doi,
  reports: reports.map((r) => ({ ...r, authors: [...r.authors] })),
});

const field = (id: number, label: string, kind: ExtractionField['kind'] = 'short_text'): ExtractionField => ({ id, position: id, label, help: '', kind, choices: [] });
const values = (entries: Array<[number, string]>) => ({ values: new Map(entries.map(([id, display]) => [id, { display }])) });

describe('reportCitation', () => {
  it('writes authors, year, title, journal and DOI, one full stop each', () => {
    expect(reportCitation(report(1, { authors: ['Maruna, Shadd', 'Farrall, Stephen'], year: 2004, title: 'Oxymoron or reality?', journal: 'Criminology.', doi: '10.1111/j.1745-9125' }))).toBe(
      'Maruna, Shadd; Farrall, Stephen (2004). Oxymoron or reality? Criminology. https://doi.org/10.1111/j.1745-9125',
    );
  });

  it('says so when authors, year, title or journal are missing', () => {
    expect(reportCitation(report(2, { authors: [], year: null, title: '', journal: '' }))).toBe('Anonymous (n.d.). [No title].');
  });
});

describe('includedTable', () => {
  const fields = [field(1, 'Design'), field(2, 'Sample size', 'number'), field(3, 'Setting')];
  // Study A: report 5 cites it (its preprint 3 is the lead, smallest id); study B: one report.
  const a = study('Rossi (2019)', [report(5), report(3, { type: 'preprint' })]);
  const b = study('Bottoms (2012)', [report(4)]);
  const extraction = new Map([
    [3, values([[1, 'Mixed methods'], [3, 'Prison']])],
    [5, values([[1, 'Qualitative'], [2, '']])],
    [4, values([[2, '12']])],
  ]);

  it('takes each field from the first of the study’s reports that has a value, the citing one first', () => {
    const table = includedTable([b, a], fields, extraction, new Map());
    expect(table.reports).toBe(3);
    expect(table.rows.map((r) => [r.study, r.reports.map((x) => x.id), r.values])).toEqual([
      ['Bottoms (2012)', [4], ['', '12', '']],
      ['Rossi (2019)', [5, 3], ['Qualitative', '', 'Prison']],
    ]);
  });

  it('gives each study its appraisal’s overall judgement and instrument once complete, else where it stands', () => {
    const casp = 'CASP Qualitative Studies Checklist';
    const table = includedTable([b, a], fields, extraction, new Map([
      [3, { status: 'complete' as const, overallLabel: 'High quality', instrumentName: casp }],
      [4, { status: 'awaiting_consensus' as const, overallLabel: null, instrumentName: casp }],
    ]));
    expect(table.rows.map((r) => r.appraisal)).toEqual(['Not yet appraised (waiting for consensus)', `High quality (${casp})`]);
    expect(includedTable([b], fields, extraction, new Map([[4, { status: 'not_started' as const, overallLabel: null, instrumentName: casp }]])).rows[0]!.appraisal).toBe('Not yet appraised');
  });

  it('renders the appraisal as the last column of the DOCX and the XLSX, numbers as numbers, formulas neutralised', async () => {
    const hostile = study('=HYPERLINK("x") (2020)', [report(7, { title: '@SUM(1) <b>', authors: ['-Minus, M.'] })]);
    const table = includedTable([hostile], fields, new Map([[7, values([[2, '40'], [3, '+cmd']])]]), new Map([[7, { status: 'complete' as const, overallLabel: 'Low quality', instrumentName: 'MMAT 2018' }]]));
    const docx = await readDocx(await includedDocx(table, 'Characteristics'));
    expect(docx.tables[0]).toEqual([
      ['Study', 'Reports', 'Design', 'Sample size', 'Setting', 'Appraisal'],
      ['=HYPERLINK("x") (2020)', '-Minus, M. (2007). @SUM(1) <b>. Probation Journal.', '', '40', '+cmd', 'Low quality (MMAT 2018)'],
    ]);
    const rows = sheetValues((await readXlsx(await includedXlsx(table, 'Characteristics'))).getWorksheet('Included studies')!);
    expect(rows[0]!.at(-1)).toBe('Appraisal');
    expect(rows[1]).toEqual([`'=HYPERLINK("x") (2020)`, `'-Minus, M.`, 2007, `'@SUM(1) <b>`, 'Probation Journal', null, null, null, 40, `'+cmd`, 'Low quality (MMAT 2018)']);
  });

  it('says how many studies there are, and writes no table when there are none', async () => {
    const docx = await readDocx(await includedDocx(includedTable([], fields, new Map(), new Map()), 'Characteristics'));
    expect(docx.paragraphs.map((p) => p.text)).toEqual(['Characteristics', '0 included studies (0 reports), one row per study. Values are the extraction form’s, taken from the study’s reports.']);
    expect(docx.tables).toEqual([]);
  });
});

describe('excludedTable', () => {
  it('orders by the reason’s rank, then its text (reasons no longer in the protocol share a rank), then the citation', () => {
    const row = (r: CitedReport, reason: string, rank: number) => ({ report: r, reason, rank, otherReasons: [] });
    const table = excludedTable(
      [
        row(report(1, { authors: ['Zeta, Z.'] }), 'Wrong population', 0),
        row(report(2, { authors: ['Beta, B.'] }), 'Wrong design', 3),
        row(report(3, { authors: ['Alpha, A.'] }), 'Wrong design', 3),
        row(report(4, { authors: ['Gamma, G.'] }), 'B removed reason', 99),
        row(report(5, { authors: ['Delta, D.'] }), 'A removed reason', 99),
        row(report(6, { authors: ['Aardvark, A.'] }), 'No reason given', 100),
      ],
      [report(8, { authors: ['Young, Y.'] }), report(9, { authors: ['Old, O.'] })],
    );
    expect(table.excluded.map((r) => [r.reason, r.report.id])).toEqual([
      ['Wrong population', 1],
      ['Wrong design', 3],
      ['Wrong design', 2],
      ['A removed reason', 5],
      ['B removed reason', 4],
      ['No reason given', 6],
    ]);
    expect(table.notRetrieved.map((r) => r.id)).toEqual([9, 8]);
  });

  it('says so when nothing was excluded or everything was retrieved', async () => {
    const empty = excludedTable([], [], { excluded: [{ reason: 'Language', n: 0 }], notRetrieved: 0 });
    const docx = await readDocx(await excludedDocx(empty, 'Excluded'));
    expect(docx.paragraphs.map((p) => p.text)).toEqual(['Excluded', 'No report was excluded at full-text assessment.', 'Reports not retrieved', 'Every report sought was retrieved.']);
    const workbook = await readXlsx(await excludedXlsx(empty, 'Excluded'));
    expect(workbook.worksheets.map((s) => [s.name, sheetValues(s).length])).toEqual([['Excluded at full text', 1], ['Not retrieved', 1]]);
  });

  it('counts the reports handled outside Coreview under each part, in words and in their own sheet', async () => {
    const table = excludedTable([], [], { excluded: [{ reason: 'Language', n: 1 }, { reason: 'Wrong population', n: 3 }], notRetrieved: 2 });
    const docx = await readDocx(await excludedDocx(table, 'Excluded'));
    expect(docx.paragraphs.map((p) => p.text)).toEqual([
      'Excluded',
      'No report was excluded at full-text assessment.',
      'The PRISMA diagram also counts 4 reports found by other methods and excluded outside Coreview, with no record to list: Language (1); Wrong population (3).',
      'Reports not retrieved',
      'Every report sought was retrieved.',
      'The PRISMA diagram also counts 2 reports found by other methods and not retrieved outside Coreview, with no record to list.',
    ]);
    const workbook = await readXlsx(await excludedXlsx(table, 'Excluded'));
    expect(sheetValues(workbook.getWorksheet('Outside Coreview')!)).toEqual([
      ['Outcome', 'Reason for exclusion', 'Reports'],
      ['Excluded', 'Language', 1],
      ['Excluded', 'Wrong population', 3],
      ['Not retrieved', null, 2],
    ]);
  });
});
