/**
 * Inter-rater agreement between reviewers who screened the same records: the confusion table of a
 * pair with percent agreement, Cohen's kappa (95% interval from Fleiss, Cohen & Everitt's 1969
 * standard error), PABAK and Gwet's AC1; Krippendorff's alpha over all of a stage's reviewers; and
 * the CSV of those figures. Pure: callers count (or hand over pairs), the formulas are
 * src/statistics/agreement-statistics.ts.
 *
 * 'maybe' is a third category, unweighted: include against maybe is as much a disagreement as
 * include against exclude. With `maybe: 'include'` it is merged into include first (a maybe goes on
 * to full text, like an include, when the stage's settings say so), on a two-category scale.
 */
import { cohenKappa, gwetAc1, krippendorffAlphaNominal, pabak, type Interval, type KrippendorffAlpha } from '../statistics/agreement-statistics.js';

export type Decision = 'include' | 'maybe' | 'exclude';

/** How 'maybe' enters the statistics: as its own category, or counted as include. */
export type MaybeCounting = 'category' | 'include';

export interface AgreementTable {
  maybe: MaybeCounting;
  /** Categories shown, in display order: 'maybe' only when it is a category and one of the pair used it on these records. */
  categories: Decision[];
  /** counts[i][j]: records reviewer A decided categories[i] and reviewer B decided categories[j]. */
  counts: number[][];
  /** Categories a reviewer could choose (3, or 2 with maybe counted as include): the k of PABAK and the q of AC1. */
  scale: number;
  /** Records both reviewers decided. */
  n: number;
  /** Observed agreement p_o in [0,1], null when n = 0. */
  percentAgreement: number | null;
  /** Kappa's chance agreement p_e, null when n = 0. */
  expectedAgreement: number | null;
  /** Cohen's kappa, null when n = 0 or p_e = 1 (both reviewers used one and the same category for everything). */
  kappa: number | null;
  /** Fleiss, Cohen & Everitt (1969) standard error of kappa (not assuming κ = 0), null when kappa is null. */
  standardError: number | null;
  /** kappa ± 1.96·SE clipped to [−1, 1]; null when kappa is null or the interval is degenerate (SE 0). */
  ci95: Interval | null;
  /** Landis & Koch (1977) label for kappa, null when kappa is null. */
  interpretation: string | null;
  /** Prevalence- and bias-adjusted kappa (Byrt et al. 1993) on `scale` categories, null when n = 0. */
  pabak: number | null;
  /** Gwet's AC1 on `scale` categories, null when n = 0. */
  ac1: number | null;
  ac1Ci95: Interval | null;
}

/** Every decision, in display order; the 3x3 cells of the CSV follow it too. */
const DECISIONS: readonly Decision[] = ['include', 'maybe', 'exclude'];
const MAYBE = DECISIONS.indexOf('maybe');
const INCLUDE = DECISIONS.indexOf('include');

/** Pairs of decisions on the same records: [A's decision, B's decision] for each record both decided. */
export function agreementTable(pairs: Iterable<readonly [Decision, Decision]>, maybe: MaybeCounting = 'category'): AgreementTable {
  const cells = emptyCells();
  for (const [a, b] of pairs) cells[decisionIndex(a)]![decisionIndex(b)]! += 1;
  return tableFromCells(cells, maybe);
}

/** Same table from already-counted cells (used when SQL does the counting): counts keyed by `${a}|${b}`. */
export function agreementFromCounts(counts: ReadonlyMap<string, number> | Record<string, number>, maybe: MaybeCounting = 'category'): AgreementTable {
  const cells = emptyCells();
  const entries = counts instanceof Map ? counts.entries() : Object.entries(counts);
  for (const [key, count] of entries) {
    const [a, b, extra] = key.split('|');
    if (a === undefined || b === undefined || extra !== undefined) throw new RangeError(`Agreement cell key must be "a|b": ${JSON.stringify(key)}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Agreement cell ${key} needs a count ≥ 0, got ${count}`);
    // Adding, not assigning, so the result cannot depend on how the caller grouped its rows.
    cells[decisionIndex(a)]![decisionIndex(b)]! += count;
  }
  return tableFromCells(cells, maybe);
}

/**
 * Krippendorff's nominal alpha over every reviewer of a stage: one unit per record, holding the
 * decisions of all who decided it (records with a single decision cannot be paired and drop out).
 */
export function stageAlpha(records: Iterable<readonly Decision[]>, maybe: MaybeCounting = 'category'): KrippendorffAlpha {
  const units: Decision[][] = [];
  for (const decisions of records) units.push(decisions.map((d) => DECISIONS[countedIndex(decisionIndex(d), maybe)]!));
  return krippendorffAlphaNominal(units);
}

/** Always 3x3 in DECISIONS order; tableFromCells folds or drops the 'maybe' row and column. */
function emptyCells(): number[][] {
  return DECISIONS.map(() => DECISIONS.map(() => 0));
}

/** Decisions come from the database at run time, so an unknown one is reported rather than miscounted. */
function decisionIndex(decision: string): number {
  const index = DECISIONS.indexOf(decision as Decision);
  if (index < 0) throw new RangeError(`Unknown screening decision: ${JSON.stringify(decision)}`);
  return index;
}

function countedIndex(index: number, maybe: MaybeCounting): number {
  return maybe === 'include' && index === MAYBE ? INCLUDE : index;
}

function tableFromCells(cells: number[][], maybe: MaybeCounting): AgreementTable {
  const merged = emptyCells();
  cells.forEach((row, i) => row.forEach((count, j) => (merged[countedIndex(i, maybe)]![countedIndex(j, maybe)]! += count)));
  const scale = DECISIONS.map((_, i) => i).filter((i) => maybe === 'category' || i !== MAYBE);
  const scaleCounts = scale.map((i) => scale.map((j) => merged[i]![j]!));
  const maybeUsed = merged[MAYBE]!.some((c) => c > 0) || merged.some((row) => row[MAYBE]! > 0);
  const shown = scale.filter((i) => maybeUsed || i !== MAYBE);

  const kappa = cohenKappa(scaleCounts);
  const ac1 = gwetAc1(scaleCounts);
  return {
    maybe,
    categories: shown.map((i) => DECISIONS[i]!),
    counts: shown.map((i) => shown.map((j) => merged[i]![j]!)),
    scale: scale.length,
    n: kappa.n,
    percentAgreement: kappa.observedAgreement,
    expectedAgreement: kappa.expectedAgreement,
    kappa: kappa.kappa,
    standardError: kappa.kappa === null ? null : kappa.standardError,
    ci95: kappa.ci95,
    interpretation: kappa.kappa === null ? null : landisKoch(kappa.kappa),
    pabak: pabak(scaleCounts),
    ac1: ac1.ac1,
    ac1Ci95: ac1.ci95,
  };
}

/**
 * Landis & Koch (1977) bands. Their table lists 0.00–0.20, 0.21–0.40…; kappa is continuous, so each
 * band runs up to and including its upper bound (0.205 is 'fair', 0.20 is 'slight').
 */
function landisKoch(kappa: number): string {
  if (kappa < 0) return 'poor';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}

const CSV_HEADER = [
  'stage',
  'reviewer_a',
  'reviewer_b',
  'n',
  'percent_agreement',
  'kappa',
  'ci_low',
  'ci_high',
  'interpretation',
  ...DECISIONS.flatMap((a) => DECISIONS.map((b) => `a_${a}_b_${b}`)),
  // Added after the first columns so that files read by position keep working.
  'maybe_counted_as',
  'kappa_se',
  'pabak',
  'gwet_ac1',
  'gwet_ac1_ci_low',
  'gwet_ac1_ci_high',
  'stage_reviewers',
  'stage_krippendorff_alpha',
];

export interface AgreementCsvRow {
  stage: string;
  reviewerA: string;
  reviewerB: string;
  table: AgreementTable;
  /** Reviewers with decisions in the stage, and their Krippendorff's alpha (null below three reviewers or when undefined). */
  stageReviewers: number;
  stageAlpha: number | null;
}

/**
 * CSV text (RFC 4180, CRLF line ends, header row) of agreement rows for download, the page's
 * figures to the page's precision. All nine cells are always written, zeros for 'maybe' on a 2x2
 * table (and when maybe counts as include), so the columns do not depend on the data. An interval
 * the page does not show (degenerate) is left empty.
 */
export function agreementCsv(rows: ReadonlyArray<AgreementCsvRow>): string {
  const lines = [CSV_HEADER.map(csvField)];
  const number = (value: number | null, digits = 3) => (value === null ? '' : fixed(value, digits));
  for (const { stage, reviewerA, reviewerB, table, stageReviewers, stageAlpha } of rows) {
    lines.push([
      textCell(stage),
      textCell(reviewerA),
      textCell(reviewerB),
      String(table.n),
      table.percentAgreement === null ? '' : fixed(table.percentAgreement * 100, 1),
      number(table.kappa),
      number(table.ci95?.low ?? null),
      number(table.ci95?.high ?? null),
      textCell(table.interpretation ?? ''),
      ...DECISIONS.flatMap((a) => DECISIONS.map((b) => String(cellCount(table, a, b)))),
      table.maybe,
      number(table.standardError),
      number(table.pabak),
      number(table.ac1),
      number(table.ac1Ci95?.low ?? null),
      number(table.ac1Ci95?.high ?? null),
      String(stageReviewers),
      number(stageAlpha),
    ]);
  }
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

function cellCount(table: AgreementTable, a: Decision, b: Decision): number {
  const i = table.categories.indexOf(a);
  const j = table.categories.indexOf(b);
  return i < 0 || j < 0 ? 0 : (table.counts[i]?.[j] ?? 0);
}

/** toFixed, without the "-0.000" it gives for tiny negative values. */
function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-[0.]+$/.test(text) ? text.slice(1) : text;
}

/**
 * csv-stringify is not a dependency (only csv-parse is), and quoting plus formula neutralising is a
 * few lines, so it is done here. Text a person typed (names, stage) could start a formula when the
 * file is opened in a spreadsheet; a leading apostrophe makes it text (OWASP "CSV injection").
 * Number cells are written by us and never get the apostrophe, so a negative kappa stays a number.
 */
function textCell(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
