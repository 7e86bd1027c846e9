import { expect } from 'vitest';
import { recordValues } from '../../../src/imports/batch-store.js';
import { parseFile } from '../../../src/imports/parse-file.js';
import { exportRecord, type ExportColumns, type ExportRecord } from '../../../src/exports/export-record.js';
import { NO_EXTRAS, type RecordExtras } from '../../../src/exports/extras.js';
import type { ExportFormatId } from '../../../src/exports/formats/export-format.js';
import { EXPORT_FORMATS } from '../../../src/exports/formats/registry.js';

/** The record columns a round trip must keep. */
export const BIBLIOGRAPHIC_COLUMNS = [
  'title', 'authorsJson', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract', 'keywordsJson',
  'type', 'url', 'language', 'issn', 'publisher',
] as const;

export type Columns = Record<(typeof BIBLIOGRAPHIC_COLUMNS)[number], unknown>;

/** A record as stored, with sensible defaults. */
export function makeRecord(overrides: Partial<Omit<ExportRecord, 'extras'>> & { extras?: RecordExtras } = {}): ExportRecord {
  return {
    id: 1,
    title: 'Desistance and social co-operatives',
    authors: ['Maruna, Shadd', 'Farrall, Stephen'],
    year: 2001,
    journal: 'Probation Journal',
    volume: '48',
    issue: '2',
    pages: '101-115',
    doi: '10.1177/0264550501048002',
    pmid: null,
    abstract: 'An abstract.',
    keywords: ['desistance', 'employment'],
    type: 'journal-article',
    url: null,
    language: '',
    issn: '',
    publisher: '',
    csl: { type: 'article-journal' },
    extras: NO_EXTRAS,
    ...overrides,
  };
}

/** Writes records with a fresh writer, as a download would. */
export function writeAll(format: ExportFormatId, records: readonly ExportRecord[]): string {
  const writer = EXPORT_FORMATS[format].createWriter();
  return writer.start() + records.map((r) => writer.record(r)).join('') + writer.end();
}

/** Every readable record of a file as the database would hold it (records/batch-store.ts), numbered from 1. */
export function storedRecords(bytes: Uint8Array, fileName?: string): ExportRecord[] {
  // recordValues leaves absent values undefined where a stored row has null; exportRecord reads both alike.
  return parseFile(bytes, fileName).records.map((parsed, i) => exportRecord(i + 1, recordValues(parsed) as ExportColumns));
}

/** The bibliographic columns of records read back from an export. */
export function reimported(text: string): Columns[] {
  const parsed = parseFile(new TextEncoder().encode(text), 'export');
  if (parsed.failures.length > 0) throw new Error(`re-import failed: ${JSON.stringify(parsed.failures.slice(0, 3))}`);
  return parsed.records.map((r) => pick(recordValues(r) as unknown as Columns));
}

export function columnsOf(record: ExportRecord): Columns {
  return {
    title: record.title,
    authorsJson: JSON.stringify(record.authors),
    year: record.year,
    journal: record.journal,
    volume: record.volume,
    issue: record.issue,
    pages: record.pages,
    doi: record.doi,
    pmid: record.pmid,
    abstract: record.abstract,
    keywordsJson: JSON.stringify(record.keywords),
    type: record.type,
    url: record.url,
    language: record.language,
    issn: record.issn,
    publisher: record.publisher,
  };
}

export function pick(row: Columns): Columns {
  return Object.fromEntries(BIBLIOGRAPHIC_COLUMNS.map((c) => [c, row[c] ?? null])) as Columns;
}

/** BibTeX reads a single line break as a space (a blank line is a paragraph): what an abstract can keep. */
export const bibtexAbstract = (abstract: string) => abstract.replace(/\n{2,}/g, '\u0000').replace(/\n/g, ' ').replace(/\u0000/g, '\n\n');

/** Written as RIS, BibTeX and CSL-JSON and read back, the records keep every bibliographic column. */
export function expectRoundTrip(records: readonly ExportRecord[]): void {
  const original = records.map(columnsOf);
  expect(reimported(writeAll('ris', records))).toEqual(original);
  expect(reimported(writeAll('bibtex', records))).toEqual(original.map((row) => ({ ...row, abstract: bibtexAbstract(row.abstract as string) })));
  expect(reimported(writeAll('csl-json', records))).toEqual(original);
}
