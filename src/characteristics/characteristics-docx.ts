/**
 * The characteristics tables as Word documents, written with the synthesis exports' DOCX parts
 * (docx-parts.ts: landscape A4, fixed-width tables whose header row repeats on every page, 9 pt).
 * - Included studies: "Study", "Reports" (the citing report, then "Also reported in:" and the
 *   others, one a line), one column per extraction field in form order, then "Appraisal".
 * - Excluded reports: "Report", "Reason" (the reason PRISMA counts, then "Also given:" and the
 *   others), then the reports not retrieved in their own table; under each, a sentence for the
 *   reports PRISMA counts from outside Coreview (no record to list).
 */
import { heading, LANDSCAPE_TEXT_WIDTH, packDocx, paragraph, run, table, type TableRowSpec } from '../synthesis/docx-parts.js';
import { TABLE_FONT } from '../synthesis/export-docx.js';
import { reportCitation, type ExcludedTable, type IncludedTable } from './characteristics-table.js';

const text = (value: string, bold = false) => ({ runs: value === '' ? '' : run(value, { size: TABLE_FONT, bold }) });
const headerRow = (labels: readonly string[]): TableRowSpec => ({ header: true, cells: labels.map((label) => text(label, true)) });
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A cell of a main line and, below it, an italic label and a line per item (none when there are no items). */
function withMore(main: string, label: string, more: readonly string[]) {
  if (more.length === 0) return text(main);
  return { runs: run(main, { size: TABLE_FONT }) + run(`\n${label}`, { size: TABLE_FONT, italics: true }) + run(more.map((m) => `\n${m}`).join(''), { size: TABLE_FONT }) };
}

export async function includedDocx(characteristics: IncludedTable, title: string): Promise<Buffer> {
  return packDocx({ title, orientation: 'landscape', body: includedBody(characteristics, title) });
}

function* includedBody(characteristics: IncludedTable, title: string): Generator<string> {
  const { fields, rows } = characteristics;
  yield heading(title, 1);
  yield paragraph(run(`${plural(rows.length, 'included study', 'included studies')} (${plural(characteristics.reports, 'report', 'reports')}), one row per study. Values are the extraction form’s, taken from the study’s reports.`));
  if (rows.length === 0) return;
  const labels = ['Study', 'Reports', ...fields.map((f) => f.label), 'Appraisal'];
  // The reports column gets the room a citation needs; the fields share the rest.
  const study = 1_700;
  const rest = labels.length - 2;
  const reports = rest === 0 ? LANDSCAPE_TEXT_WIDTH - study : Math.max(3_000, Math.round((LANDSCAPE_TEXT_WIDTH - study) * 0.35));
  const each = rest === 0 ? 0 : Math.floor((LANDSCAPE_TEXT_WIDTH - study - reports) / rest);
  const widths = [study, reports, ...Array.from({ length: rest }, () => each)];
  yield* table(widths, (function* (): Generator<TableRowSpec> {
    yield headerRow(labels);
    for (const row of rows) {
      const [citing, ...others] = row.reports.map(reportCitation);
      yield {
        cells: [text(row.study), withMore(citing ?? '', 'Also reported in:', others), ...row.values.map((v) => text(v)), text(row.appraisal)],
      };
    }
  })());
}

export async function excludedDocx(characteristics: ExcludedTable, title: string): Promise<Buffer> {
  return packDocx({ title, orientation: 'landscape', body: excludedBody(characteristics, title) });
}

function* excludedBody({ excluded, notRetrieved, outside }: ExcludedTable, title: string): Generator<string> {
  yield heading(title, 1);
  yield paragraph(
    run(
      excluded.length === 0
        ? 'No report was excluded at full-text assessment.'
        : `${plural(excluded.length, 'report', 'reports')} excluded at full-text assessment, each under the reason the PRISMA flow diagram counts it for (other reasons its reviewers gave below it), ordered by reason.`,
    ),
  );
  const reasonWidth = 4_200;
  if (excluded.length > 0) {
    yield* table([LANDSCAPE_TEXT_WIDTH - reasonWidth, reasonWidth], [
      headerRow(['Report', 'Reason for exclusion']),
      ...excluded.map((row) => ({ cells: [text(reportCitation(row.report)), withMore(row.reason, 'Also given:', row.otherReasons)] })),
    ]);
  }
  if (outside.excluded.length > 0) {
    const total = outside.excluded.reduce((n, r) => n + r.n, 0);
    yield paragraph(run(`The PRISMA diagram also counts ${plural(total, 'report', 'reports')} found by other methods and excluded outside Coreview, with no record to list: ${outside.excluded.map((r) => `${r.reason} (${r.n})`).join('; ')}.`));
  }
  yield heading('Reports not retrieved', 2);
  yield paragraph(run(notRetrieved.length === 0 ? 'Every report sought was retrieved.' : `${plural(notRetrieved.length, 'report', 'reports')} sought for retrieval but not retrieved (counted apart in PRISMA).`));
  if (notRetrieved.length > 0) yield* table([LANDSCAPE_TEXT_WIDTH], [headerRow(['Report']), ...notRetrieved.map((report) => ({ cells: [text(reportCitation(report))] }))]);
  if (outside.notRetrieved > 0) yield paragraph(run(`The PRISMA diagram also counts ${plural(outside.notRetrieved, 'report', 'reports')} found by other methods and not retrieved outside Coreview, with no record to list.`));
}
