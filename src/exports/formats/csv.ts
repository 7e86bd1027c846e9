/**
 * CSV for spreadsheets (RFC 4180: comma-separated, every field quoted, quotes doubled, CRLF
 * between rows, UTF-8 with a byte-order mark so Excel reads accents). One row per record: the
 * bibliographic columns, then per stage the outcome, its reason and the decisions the viewer may
 * see (one per line inside the cell), then labels and codes ("; " between them).
 *
 * Formula injection: a cell that starts with = + - @, a tab or a carriage return is written with a
 * leading apostrophe, so a spreadsheet shows it as text and never runs it. (A re-import keeps that
 * apostrophe; use RIS or BibTeX to move references between reviews.)
 *
 * The column names are ones Coreview's CSV reader (and ASReview's, Rayyan's) recognise, so the file
 * imports again; a lone author or keyword that holds a comma gets a trailing ";" so it stays whole.
 */
import type { Stage } from '../../db/schema.js';
import type { ExportRecord } from '../export-record.js';
import { decisionDetails, type StageExtra } from '../extras.js';
import { keywordList } from './csl-item.js';
import type { ExportFormat, ExportWriter } from './export-format.js';

const EOL = '\r\n';
const UTF8_BOM = '\uFEFF';

const STATE_CELL: Record<NonNullable<StageExtra['state']>, string> = {
  include: 'include', maybe: 'maybe', exclude: 'exclude', conflict: 'conflict', not_retrieved: 'not retrieved',
};

/** A cell that a spreadsheet would take for a formula is kept as text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : neutralise(String(value));
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(cells: ReadonlyArray<string | number | null>): string {
  return cells.map(csvCell).join(',') + EOL;
}

/** Authors "; "-separated; one author that a reader could split (a comma between full names, "and") gets a trailing ";". */
export function authorList(authors: readonly string[]): string {
  const text = authors.join('; ');
  if (authors.length !== 1) return text;
  const [only] = authors as [string];
  const splittable = /\sand\s/i.test(only) || only.startsWith('[') || only.split(',').filter((p) => p.trim().includes(' ')).length > 1;
  return splittable ? `${text};` : text;
}

const HEADER = [
  'Coreview ID', 'Title', 'Authors', 'Year', 'Journal', 'Volume', 'Issue', 'Pages', 'DOI', 'PMID', 'Abstract', 'Keywords',
  'Type', 'URL', 'Language', 'ISSN', 'Publisher',
  'Title/abstract outcome', 'Title/abstract reason', 'Title/abstract decisions',
  'Full-text outcome', 'Full-text reason', 'Full-text decisions',
  'Labels', 'Codes',
];

function stageCells(record: ExportRecord, stage: Stage): string[] {
  const extra = record.extras.stages.find((s) => s.stage === stage);
  if (!extra) return ['', '', ''];
  return [
    extra.state === null ? '' : STATE_CELL[extra.state],
    extra.reasons.join('; '),
    extra.decisions.map((d) => `${d.reviewer}: ${decisionDetails(d)}`).join('\n'),
  ];
}

export function csvRecord(record: ExportRecord): string {
  return csvRow([
    record.id, record.title, authorList(record.authors), record.year, record.journal, record.volume, record.issue, record.pages,
    record.doi, record.pmid, record.abstract, keywordList(record.keywords), record.type, record.url, record.language,
    record.issn, record.publisher,
    ...stageCells(record, 'title_abstract'),
    ...stageCells(record, 'full_text'),
    record.extras.labels.join('; '), record.extras.codes.join('; '),
  ]);
}

export const csvExport: ExportFormat = {
  id: 'csv',
  label: 'CSV (spreadsheet)',
  extension: 'csv',
  contentType: 'text/csv; charset=utf-8',
  createWriter: (): ExportWriter => ({ start: () => UTF8_BOM + csvRow(HEADER), record: csvRecord, end: () => '' }),
};
