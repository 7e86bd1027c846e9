/**
 * The synthesis matrix as CSV: a header "Study" + each column's heading with its codebook context
 * ("Themes › Employment"), then one row per study: its "Author (Year)" label and each cell's text.
 * RFC 4180 (fields quoted when they hold a comma, quote or line break; quotes doubled), CRLF line
 * ends; the route adds the UTF-8 byte order mark so Excel reads the accents. Every text cell —
 * headings, labels and values alike — is neutralised against formula injection.
 */
import { columnHeading, neutraliseFormula } from './export-text.js';
import type { Matrix } from './matrix.js';

export function matrixCsv(matrix: Matrix): string {
  const lines: string[] = [csvLine(['Study', ...matrix.columns.map(columnHeading)])];
  for (const row of matrix.rows) lines.push(csvLine([row.study.label, ...row.cells.map((cell) => cell.text)]));
  return lines.join('');
}

function csvLine(values: readonly string[]): string {
  return `${values.map((value) => csvField(neutraliseFormula(value))).join(',')}\r\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
