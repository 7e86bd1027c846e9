/**
 * The synthesis matrix as a Word document ready for the chapter or an appendix (docx): landscape A4,
 * the title (Heading 1), how many studies, the matrix as a table — "Study" first with each study's
 * "Author (Year)", then each column's heading with its codebook context and each cell's text, 9 pt,
 * header row repeated on every page, rows never split across pages — then the pivot table when
 * given (counts, bold total row of distinct studies) and the reference list as given
 * (already-formatted entries, e.g. APA from citation-js), in Word's Bibliography style.
 * The table has fixed column widths: Word lays out a fixed table at once, an autofit one of
 * thousands of rows slowly. The body is WordprocessingML written by docx-parts.ts (see there why).
 */
import type { FormattedReference } from '../exports/reference-runs.js';
import { heading, LANDSCAPE_TEXT_WIDTH, packDocx, paragraph, referenceList, run, table, type TableRowSpec } from './docx-parts.js';
import { columnHeading } from './export-text.js';
import type { Matrix } from './matrix.js';
import { pivotCaption, pivotCellText, pivotRowLabel, type Pivot } from './pivot.js';

export interface MatrixDocxOptions {
  title: string;
  /** A line under the title saying what was filtered, written by the caller. */
  filters?: string;
  pivot?: Pivot | null;
  /** Formatted reference entries, in the order to print them; no "References" section when empty. */
  references: readonly FormattedReference[];
}

/** 9 pt. */
export const TABLE_FONT = 18;
const NUMBER_WIDTH = 1_400;

export async function matrixDocx(matrix: Matrix, options: MatrixDocxOptions): Promise<Buffer> {
  return packDocx({ title: options.title, orientation: 'landscape', body: matrixBody(matrix, options) });
}

function* matrixBody(matrix: Matrix, options: MatrixDocxOptions): Generator<string> {
  yield heading(options.title, 1);
  yield paragraph(run(`${matrix.rows.length} of ${matrix.total} included ${matrix.total === 1 ? 'study' : 'studies'}.`));
  if (options.filters) yield paragraph(run(options.filters));
  yield* matrixTable(matrix);
  if (options.pivot) yield* pivotBlock(options.pivot);
  yield* referenceList(options.references, 2);
}

function matrixTable(matrix: Matrix): Iterable<string> {
  const columns = matrix.columns.length;
  // The study column gets what a long "Author et al. (Year)" needs; the rest share the width.
  const first = Math.min(2_400, Math.round(LANDSCAPE_TEXT_WIDTH / Math.max(2, columns + 1)) * 2);
  const rest = columns === 0 ? 0 : Math.floor((LANDSCAPE_TEXT_WIDTH - first) / columns);
  const widths = [first, ...matrix.columns.map(() => rest)];
  const header: TableRowSpec = { header: true, cells: ['Study', ...matrix.columns.map(columnHeading)].map((text) => ({ runs: run(text, { bold: true, size: TABLE_FONT }) })) };
  const rows = (function* (): Generator<TableRowSpec> {
    yield header;
    for (const row of matrix.rows) {
      yield { cells: [{ runs: run(row.study.label, { size: TABLE_FONT }) }, ...row.cells.map((c) => ({ runs: c.text === '' ? '' : run(c.text, { size: TABLE_FONT }) }))] };
    }
  })();
  return table(widths, rows);
}

function pivotBlock(pivot: Pivot): string[] {
  const width = Math.min(LANDSCAPE_TEXT_WIDTH, 3_000 + (pivot.columns.length + 1) * NUMBER_WIDTH);
  const widths = [width - (pivot.columns.length + 1) * NUMBER_WIDTH, ...pivot.columns.map(() => NUMBER_WIDTH), NUMBER_WIDTH];
  const number = (n: number | string, bold = false) => ({ runs: run(String(n), { size: TABLE_FONT, bold }), align: 'right' as const });
  const rows: TableRowSpec[] = [
    {
      header: true,
      cells: [pivot.rowsBy, ...pivot.columns, 'Studies'].map((text, i) => ({ runs: run(text, { bold: true, size: TABLE_FONT }), align: i === 0 ? ('left' as const) : ('right' as const) })),
    },
    ...pivot.rows.map((row) => ({ cells: [{ runs: run(pivotRowLabel(row), { size: TABLE_FONT }) }, ...row.cells.map((cell) => number(pivotCellText(pivot, cell))), number(row.studies.length)] })),
    { cells: [{ runs: run('Total (each counted once)', { size: TABLE_FONT, bold: true }) }, ...pivot.totals.map((cell) => number(pivotCellText(pivot, cell), true)), number(pivot.studies, true)] },
  ];
  return [
    heading(`${pivot.rowsBy} × ${pivot.columnsBy}`, 2),
    paragraph(run(pivotCaption(pivot))),
    ...table(widths, rows),
  ];
}
