/**
 * The synthesis as one readable Markdown (GFM) document: the matrix as a table, then the pivot
 * table when one is given, then the evidence behind each code and group column — per study, its
 * excerpts as block quotes with their page and memo. Every piece of user data is escaped
 * (export-text.ts): a code called "*Hope*" or an excerpt holding "|" or "<script>" stays literal.
 */
import { columnHeading, markdownBlockquote, markdownCell, markdownTable, markdownText, pageLocation } from './export-text.js';
import { isCodeColumn, type Matrix } from './matrix.js';
import { pivotCaption, pivotCellText, pivotRowLabel, type Pivot } from './pivot.js';

export interface MatrixMarkdownOptions {
  /** The document's title, e.g. "Synthesis matrix: Desistance and work". */
  title: string;
  /** A line under the title saying what was filtered, written by the caller (escaped here). */
  filters?: string;
  pivot?: Pivot | null;
  /** The "Evidence" part (excerpts per code column); true unless false. */
  evidence?: boolean;
}

export function matrixMarkdown(matrix: Matrix, options: MatrixMarkdownOptions): string {
  const parts: string[] = [`# ${markdownCell(options.title)}`];
  parts.push(`${matrix.rows.length} of ${matrix.total} included ${matrix.total === 1 ? 'study' : 'studies'}.`);
  if (options.filters) parts.push(markdownText(options.filters));
  parts.push(
    markdownTable(
      ['Study', ...matrix.columns.map((column) => markdownCell(columnHeading(column)))],
      matrix.rows.map((row) => [markdownCell(row.study.label), ...row.cells.map((cell) => markdownCell(cell.text))]),
    ),
  );
  if (options.pivot) parts.push(pivotMarkdown(options.pivot));
  if (options.evidence !== false) parts.push(...evidenceMarkdown(matrix));
  return `${parts.join('\n\n')}\n`;
}

/** The pivot as a section: a count per row and column (its grain said), each row's studies, and a total row counting each once. */
export function pivotMarkdown(pivot: Pivot): string {
  const header = [markdownCell(pivot.rowsBy), ...pivot.columns.map(markdownCell), 'Studies'];
  const rows = pivot.rows.map((row) => [markdownCell(pivotRowLabel(row)), ...row.cells.map((cell) => pivotCellText(pivot, cell)), String(row.studies.length)]);
  rows.push(['**Total**', ...pivot.totals.map((cell) => `**${pivotCellText(pivot, cell)}**`), `**${pivot.studies}**`]);
  return [
    `## ${markdownCell(pivot.rowsBy)} × ${markdownCell(pivot.columnsBy)}`,
    markdownText(pivotCaption(pivot)),
    markdownTable(header, rows, ['left', ...pivot.columns.map(() => 'right' as const), 'right']),
  ].join('\n\n');
}

function evidenceMarkdown(matrix: Matrix): string[] {
  const parts: string[] = [];
  matrix.columns.forEach((column, c) => {
    if (!isCodeColumn(column.spec)) return;
    const carrying = matrix.rows.filter((row) => row.cells[c]!.present || row.cells[c]!.excerpts.length > 0);
    const excerpts = carrying.reduce((n, row) => n + row.cells[c]!.excerpts.length, 0);
    if (parts.length === 0) parts.push('## Evidence');
    parts.push(`### ${markdownCell(columnHeading(column))}`);
    parts.push(`${carrying.length} ${carrying.length === 1 ? 'study' : 'studies'}, ${excerpts} ${excerpts === 1 ? 'excerpt' : 'excerpts'}.`);
    for (const row of carrying) {
      const cell = row.cells[c]!;
      const codes = cell.codes.length > 0 ? ` — ${markdownText(cell.codes.join('; '))}` : '';
      parts.push(`**${markdownCell(row.study.label)}**${codes}${cell.excerpts.length === 0 ? ' (coded for the study as a whole)' : ''}`);
      for (const excerpt of cell.excerpts) {
        const where = pageLocation(excerpt.location);
        parts.push(`${markdownBlockquote(excerpt.text)}${where === '' ? '' : ` (${markdownText(where)})`}`);
        if (excerpt.memo.trim() !== '') parts.push(`*Memo:* ${markdownCell(excerpt.memo)}`);
      }
    }
  });
  return parts;
}
