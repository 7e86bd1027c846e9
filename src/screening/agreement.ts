/**
 * Inter-rater agreement between two reviewers who screened the same records: confusion table,
 * percent agreement and Cohen's kappa (Cohen 1960) with its large-sample standard error, and the
 * CSV of those figures for download. Pure: callers count (or hand over pairs), this does the maths.
 */

export type Decision = 'include' | 'maybe' | 'exclude';

export interface AgreementTable {
  /** Categories in display order: ['include','exclude'] when neither reviewer used 'maybe' on the compared records, else ['include','maybe','exclude']. */
  categories: Decision[];
  /** counts[i][j]: records reviewer A decided categories[i] and reviewer B decided categories[j]. */
  counts: number[][];
  /** Records both reviewers decided. */
  n: number;
  /** Observed agreement p_o in [0,1], null when n = 0. */
  percentAgreement: number | null;
  /** Expected chance agreement p_e, null when n = 0. */
  expectedAgreement: number | null;
  /** Cohen's kappa, null when n = 0 or when p_e = 1 (kappa undefined: both reviewers used one and the same category for everything). */
  kappa: number | null;
  /** Standard error of kappa, sqrt(p_o(1-p_o)/(n(1-p_e)^2)), null when kappa is null. */
  standardError: number | null;
  /** [kappa-1.96se, kappa+1.96se] clipped to [-1,1], null when kappa is null. */
  ci95: [number, number] | null;
  /** Landis & Koch (1977) label for kappa, null when kappa is null. */
  interpretation: string | null;
}

/** Every decision, in display order; the 3x3 cells of the CSV follow it too. */
const DECISIONS: readonly Decision[] = ['include', 'maybe', 'exclude'];
const MAYBE = DECISIONS.indexOf('maybe');
const Z_95 = 1.96;

/** Pairs of decisions on the same records: [A's decision, B's decision] for each record both decided. */
export function agreementTable(pairs: Iterable<readonly [Decision, Decision]>): AgreementTable {
  const cells = emptyCells();
  for (const [a, b] of pairs) cells[decisionIndex(a)]![decisionIndex(b)]! += 1;
  return tableFromCells(cells);
}

/** Same table from already-counted cells (used when SQL does the counting): counts keyed by `${a}|${b}`. */
export function agreementFromCounts(counts: ReadonlyMap<string, number> | Record<string, number>): AgreementTable {
  const cells = emptyCells();
  const entries = counts instanceof Map ? counts.entries() : Object.entries(counts);
  for (const [key, count] of entries) {
    const [a, b, extra] = key.split('|');
    if (a === undefined || b === undefined || extra !== undefined) throw new RangeError(`Agreement cell key must be "a|b": ${JSON.stringify(key)}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Agreement cell ${key} needs a count ≥ 0, got ${count}`);
    // Adding, not assigning, so the result cannot depend on how the caller grouped its rows.
    cells[decisionIndex(a)]![decisionIndex(b)]! += count;
  }
  return tableFromCells(cells);
}

/** Always 3x3 in DECISIONS order; tableFromCells drops the 'maybe' row and column when unused. */
function emptyCells(): number[][] {
  return DECISIONS.map(() => DECISIONS.map(() => 0));
}

/** Decisions come from the database at run time, so an unknown one is reported rather than miscounted. */
function decisionIndex(decision: string): number {
  const index = DECISIONS.indexOf(decision as Decision);
  if (index < 0) throw new RangeError(`Unknown screening decision: ${JSON.stringify(decision)}`);
  return index;
}

function tableFromCells(cells: number[][]): AgreementTable {
  const maybeUsed = cells[MAYBE]!.some((c) => c > 0) || cells.some((row) => row[MAYBE]! > 0);
  const kept = DECISIONS.map((_, i) => i).filter((i) => maybeUsed || i !== MAYBE);
  const counts = kept.map((i) => kept.map((j) => cells[i]![j]!));
  return { categories: kept.map((i) => DECISIONS[i]!), counts, ...statistics(counts) };
}

type Statistics = Omit<AgreementTable, 'categories' | 'counts'>;

/**
 * Observed and chance agreement are kept as integer numerators over n and n² until the end, so
 * perfect agreement gives kappa exactly 1 and "p_e = 1" is an exact test, not a float comparison.
 */
function statistics(counts: number[][]): Statistics {
  const k = counts.length;
  const rowTotals = counts.map((row) => sum(row));
  const columnTotals = counts.map((_, j) => sum(counts.map((row) => row[j]!)));
  const n = sum(rowTotals);
  if (n === 0) {
    return { n, percentAgreement: null, expectedAgreement: null, kappa: null, standardError: null, ci95: null, interpretation: null };
  }
  const agreed = sum(counts.map((row, i) => row[i]!));
  const chanceProducts = sum(Array.from({ length: k }, (_, i) => rowTotals[i]! * columnTotals[i]!));
  const po = agreed / n;
  const pe = chanceProducts / (n * n);
  if (chanceProducts === n * n) {
    return { n, percentAgreement: po, expectedAgreement: pe, kappa: null, standardError: null, ci95: null, interpretation: null };
  }
  // (p_o - p_e) / (1 - p_e) with both fractions brought over n².
  const kappa = (n * agreed - chanceProducts) / (n * n - chanceProducts);
  const standardError = Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2));
  const ci95: [number, number] = [clip(kappa - Z_95 * standardError), clip(kappa + Z_95 * standardError)];
  return { n, percentAgreement: po, expectedAgreement: pe, kappa, standardError, ci95, interpretation: landisKoch(kappa) };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function clip(value: number): number {
  return Math.min(1, Math.max(-1, value));
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
];

/**
 * CSV text (RFC 4180, CRLF line ends, header row) of agreement rows for download. All nine cells
 * are always written, zeros for 'maybe' on a 2x2 table, so the columns do not depend on the data.
 */
export function agreementCsv(rows: ReadonlyArray<{ stage: string; reviewerA: string; reviewerB: string; table: AgreementTable }>): string {
  const lines = [CSV_HEADER.map(csvField)];
  for (const { stage, reviewerA, reviewerB, table } of rows) {
    lines.push([
      textCell(stage),
      textCell(reviewerA),
      textCell(reviewerB),
      String(table.n),
      table.percentAgreement === null ? '' : fixed(table.percentAgreement * 100, 1),
      table.kappa === null ? '' : fixed(table.kappa, 3),
      table.ci95 === null ? '' : fixed(table.ci95[0], 3),
      table.ci95 === null ? '' : fixed(table.ci95[1], 3),
      textCell(table.interpretation ?? ''),
      ...DECISIONS.flatMap((a) => DECISIONS.map((b) => String(cellCount(table, a, b)))),
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
