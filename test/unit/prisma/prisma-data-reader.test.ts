import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prismaCounts, type PrismaCounts } from '../../../src/prisma/prisma-counts.js';
import { prismaCsv } from '../../../src/prisma/prisma-csv.js';
import { prismaData111, prismaData114, RError, type PrismaData } from '../../support/prisma-data-reader.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';
import { buildScriptedReview } from './scripted-review.js';

/**
 * Coreview's PRISMA CSV read by the PRISMA2020 package's own reading code, PRISMA_data() of 1.1.4
 * and of 1.1.1, re-implemented in test/support/prisma-data-reader.ts: every box of the scripted
 * review (scripted-review.ts, whose ledger gives each number) comes out with its value.
 */

let s: ScreeningDb;
let counts: PrismaCounts;

beforeAll(async () => {
  s = await screeningDb();
  await buildScriptedReview(s);
  counts = await prismaCounts(s.db.kysely, s.reviewId);
});

afterAll(async () => {
  await s.close();
});

/** The ledger's numbers as PRISMA_data() returns them: scales::comma() text, NA (null) for a hidden box. */
const NUMBERS = {
  previous_studies: [null], previous_reports: [null],
  register_results: ['2'], database_results: ['16'],
  database_specific_results: { reason: ['Scopus', 'Web of Science'], n: ['10', '6'] },
  register_specific_results: { reason: ['ClinicalTrials.gov'], n: ['2'] },
  website_results: ['3'], organisation_results: ['0'], citations_results: ['2'],
  duplicates: ['3'], excluded_automatic: ['0'], excluded_other: ['0'],
  records_screened: ['15'], records_excluded: ['6'],
  dbr_sought_reports: ['9'], dbr_notretrieved_reports: ['1'], other_sought_reports: ['3'], other_notretrieved_reports: ['1'],
  dbr_assessed: ['8'],
  dbr_excluded: { reason: ['Wrong population', 'Wrong intervention', 'Wrong study design'], n: ['2', '1', '1'] },
  other_assessed: ['2'],
  other_excluded: { reason: ['Wrong population'], n: ['1'] },
  new_studies: ['4'], new_reports: ['5'], total_studies: ['4'], total_reports: ['5'],
};

/** The template's box texts, one each. */
const TEXTS = {
  previous_text: ['Previous studies'],
  newstud_text: ['Identification of new studies via databases and registers'],
  other_text: ['Identification of new studies via other methods'],
  previous_studies_text: ['Studies included in previous version of review'],
  previous_reports_text: ['Reports of studies included in previous version of review'],
  register_results_text: ['Registers'], database_results_text: ['Databases'],
  website_results_text: ['Websites'], organisation_results_text: ['Organisations'], citations_results_text: ['Citation searching'],
  duplicates_text: ['Duplicate records'],
  excluded_automatic_text: ['Records marked as ineligible by automation tools'],
  excluded_other_text: ['Records removed for other reasons'],
  records_screened_text: ['Records screened'], records_excluded_text: ['Records excluded'],
  dbr_sought_reports_text: ['Reports sought for retrieval'], dbr_notretrieved_reports_text: ['Reports not retrieved'],
  other_sought_reports_text: ['Reports sought for retrieval'], other_notretrieved_reports_text: ['Reports not retrieved'],
  dbr_assessed_text: ['Reports assessed for eligibility'], dbr_excluded_text: ['Reports excluded'],
  other_assessed_text: ['Reports assessed for eligibility'], other_excluded_text: ['Reports excluded'],
  new_studies_text: ['New studies included in review'], new_reports_text: ['Reports of new included studies'],
  total_studies_text: ['Total studies included in review'], total_reports_text: ['Reports of total included studies'],
  identification_text: ['Identification'], screening_text: ['Screening'], included_text: ['Included'],
};

const META_ANALYSIS = {
  total_studies_ma: [null], total_reports_ma: [null],
  total_studies_ma_text: ['Total studies included in meta-analysis'],
  total_reports_ma_text: ['Reports of total included studies in meta-analysis'],
};

/** The R error a reader stops with, and the warnings R printed before it. */
function failure(read: () => PrismaData): { message: string; warnings: string[] } {
  try {
    read();
  } catch (error) {
    if (error instanceof RError) return { message: error.message, warnings: error.warnings };
    throw error;
  }
  throw new Error('read without error');
}

describe('PRISMA_data() of the PRISMA2020 package reading Coreview’s CSV', () => {
  it('1.1.4, the current release, finds every box of prisma.csv with its number, list and text, with no warning', () => {
    const data = prismaData114(prismaCsv(counts));
    expect(data.fields).toEqual({ ...NUMBERS, ...TEXTS, ...META_ANALYSIS });
    expect(data.warnings).toEqual([]);
    // The meta-analysis box is NA: 1.1.4's PRISMA_flowdiagram() draws it only for a number.
    expect(data.urls).toContainEqual({ box: 'box17', url: 'total_studies_meta_analysis.html' });
    expect(data.tooltips.get('total_studies')).toBe('Total studies included in review');
    expect(data.tooltips.get('newstud')).toBe('Yellow title box; Identification of new studies via databases and registers');
  });

  it('1.1.1 finds every box of prisma-1.1.1.csv, each exactly once', () => {
    const data = prismaData111(prismaCsv(counts, '1.1.1'));
    expect(data.fields).toEqual({ ...NUMBERS, ...TEXTS });
    expect(data.warnings).toEqual([]);
    expect(data.urls).not.toContainEqual(expect.objectContaining({ box: 'box17' }));
  });

  it('1.1.4 stops on the file as Coreview wrote it before (the 2022 template, without the meta-analysis rows), as R does', () => {
    // That file is exactly today's prisma-1.1.1.csv (prisma-outputs.test.tsx checks the rest is the same).
    expect(failure(() => prismaData114(prismaCsv(counts, '1.1.1')))).toEqual({
      message: "object 'total_studies_ma_text' not found",
      warnings: [
        'Variable total_studies_ma was not processed because it does not appear to exist within the CSV file using default value: 0',
        'Variable total_reports_ma was not processed because it does not appear to exist within the CSV file using default value: 0',
      ],
    });
  });

  it('1.1.1 reads two values for the totals from the current file: why it gets a file of its own', () => {
    const { fields } = prismaData111(prismaCsv(counts));
    expect(fields.total_studies).toEqual(['4', null]);
    expect(fields.total_reports).toEqual(['5', null]);
    expect(fields.total_studies_text).toEqual(['Total studies included in review', 'Total studies included in meta-analysis']);
  });

  it('reads hidden boxes as NA, an empty list as one 0, and user names in lists whole, in both releases', () => {
    const copy = structuredClone(counts);
    copy.otherMethods.shown = false;
    copy.databasesAndRegisters.reasons = [];
    copy.databasesAndRegisters.databases.sources[0]!.name = '=HYPERLINK("http://x"), evil; "quoted"\nline';
    const hidden = { website_results: [null], organisation_results: [null], citations_results: [null], other_sought_reports: [null], other_notretrieved_reports: [null], other_assessed: [null] };
    const database_specific_results = { reason: ['\'=HYPERLINK("http://x") / evil / "quoted" line', 'Web of Science'], n: ['10', '6'] };

    const current = prismaData114(prismaCsv(copy));
    expect(current.fields).toMatchObject({ ...hidden, database_specific_results, dbr_excluded: { reason: [''], n: ['0'] } });
    expect(current.warnings).toEqual([]);
    // 1.1.1 builds the list without looking at it first: "0" is a reason named "0".
    const old = prismaData111(prismaCsv(copy, '1.1.1'));
    expect(old.fields).toMatchObject({ ...hidden, database_specific_results, dbr_excluded: { reason: ['0'], n: ['0'] } });
    expect(old.warnings).toEqual([]);
  });

  it('follows R where the package’s patterns are subtle (values printed by R 4.2.2 running the package’s functions)', () => {
    const csv = prismaCsv(counts).replace(
      /\r\ndbr_excluded,([^\r]*),"Wrong population, 2; Wrong intervention, 1; Wrong study design, 1"\r\n/,
      '\r\ndbr_excluded,$1,"A, 10 x; B,\n 3;C, 1,234; Foo; a, b, 3; X , 10;"\r\n',
    );
    expect(csv).not.toBe(prismaCsv(counts));
    // 1.1.4 splits at ";" and takes a number only where digits, spaces and commas end the piece.
    expect(prismaData114(csv).fields.dbr_excluded).toEqual({ reason: ['A', 'B', 'C', 'Foo', 'a', 'X '], n: [null, null, '1,234', null, null, '10'] });
    // 1.1.1 splits at "; " and reads everything after the first comma.
    const old = prismaData111(csv);
    expect(old.fields.dbr_excluded).toEqual({ reason: ['A', 'B', 'Foo', 'a', 'X '], n: [null, null, null, null, null] });
    expect(old.warnings).toEqual(['NAs introduced by coercion']);
    // A missing number row: 1.1.4 warns and uses 0, then stops at its text; 1.1.1 reads nothing.
    const withoutDuplicates = prismaCsv(counts).replace(/\r\nduplicates,[^\r]*/, '');
    expect(failure(() => prismaData114(withoutDuplicates))).toEqual({
      message: "object 'duplicates_text' not found",
      warnings: ['Variable duplicates was not processed because it does not appear to exist within the CSV file using default value: 0'],
    });
    expect(prismaData111(withoutDuplicates).fields.duplicates).toEqual([]);
  });
});
