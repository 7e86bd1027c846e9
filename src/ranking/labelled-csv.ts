import { parse } from 'csv-parse/sync';
import { ALIASES, headerLine, normaliseHeader, sniffDelimiter } from '../imports/formats/csv.js';
import type { LabelledDoc } from './simulation.js';

/**
 * The label column's names, as ASReview reads them (asreview/config.py COLUMN_DEFINITIONS["included"],
 * in its order of preference), compared as the CSV import compares headers. ASReview's
 * `label_abstract_screening` is a title/abstract label, not the final one, so it is not among them.
 */
const LABEL_ALIASES = ['final_included', 'label', 'label_included', 'included_label', 'included_final', 'included', 'included_flag', 'include'].map(normaliseHeader);

/** A labelled file that cannot be simulated; the message says why in one sentence. */
export class LabelledCsvError extends Error {}

/**
 * The records of a labelled CSV (or tab/semicolon-separated) file, as the CSV import reads its
 * title and abstract columns, each with its 0/1 label. Blank rows are skipped, so row numbers count
 * the data rows (1 = the first row under the header).
 */
export function parseLabelledCsv(text: string): LabelledDoc[] {
  let rows: string[][];
  try {
    rows = parse(text, { delimiter: sniffDelimiter(headerLine(text)), relax_quotes: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new LabelledCsvError(`it is not a readable CSV file (${(error as Error).message})`);
  }
  const [header, ...data] = rows.filter((row) => row.some((cell) => cell.trim() !== ''));
  if (!header) throw new LabelledCsvError('it has no header row');
  const names = header.map(normaliseHeader);
  const column = (aliases: readonly string[]) => aliases.map((a) => names.indexOf(a)).find((i) => i !== -1);
  const title = column(ALIASES.title);
  const abstract = column(ALIASES.abstract);
  const label = column(LABEL_ALIASES);
  const columns = `its columns are: ${header.join(', ')}`;
  if (title === undefined && abstract === undefined) throw new LabelledCsvError(`it has no title or abstract column (${columns})`);
  if (label === undefined) throw new LabelledCsvError(`it has no label column, such as label_included or included (${columns})`);
  if (data.length === 0) throw new LabelledCsvError('it has a header but no records');
  return data.map((row, i) => {
    const value = (row[label] ?? '').trim();
    if (value !== '0' && value !== '1') {
      throw new LabelledCsvError(`row ${i + 1} has ${value === '' ? 'no label' : `the label "${value}"`} in ${header[label]}; every row needs 0 or 1`);
    }
    const cell = (index: number | undefined) => (index === undefined ? '' : (row[index] ?? '').trim());
    return { title: cell(title), abstract: cell(abstract), label: value === '1' ? 1 : 0 };
  });
}
