/**
 * One record as the export writers see it: the record's columns as edited (the source of truth for
 * every bibliographic field), the CSL item as imported (`csl_json`, never changed by edits; read only
 * for what the columns do not hold: editors, edition, place, series, ISBN, a note, a fuller date),
 * and the Coreview extras the viewer may see (extras.ts).
 */
import type { RecordRow } from '../db/schema.js';
import { textList, type RecordDetail } from '../records/record-queries.js';
import { NO_EXTRAS, type RecordExtras } from './extras.js';

/** The record's bibliographic fields as the detail page reads them, plus what an export adds. */
export type ExportRecord = Pick<
  RecordDetail,
  | 'id' | 'title' | 'authors' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'abstract'
  | 'keywords' | 'type' | 'url' | 'language' | 'issn' | 'publisher'
> & {
  /** The CSL item as imported; {} when unreadable. */
  csl: Record<string, unknown>;
  extras: RecordExtras;
};

/** The record columns an export reads. */
export type ExportColumns = Pick<
  RecordRow,
  | 'title' | 'authorsJson' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'abstract'
  | 'keywordsJson' | 'type' | 'url' | 'language' | 'issn' | 'publisher' | 'cslJson'
>;

export const EXPORT_COLUMNS = [
  'id', 'title', 'authorsJson', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'abstract',
  'keywordsJson', 'type', 'url', 'language', 'issn', 'publisher', 'cslJson',
] as const;

export function exportRecord(id: number, row: ExportColumns, extras: RecordExtras = NO_EXTRAS): ExportRecord {
  return {
    id,
    title: row.title,
    authors: textList(row.authorsJson),
    year: row.year ?? null,
    journal: row.journal,
    volume: row.volume,
    issue: row.issue,
    pages: row.pages,
    doi: row.doi ?? null,
    pmid: row.pmid ?? null,
    abstract: row.abstract,
    keywords: textList(row.keywordsJson),
    type: row.type,
    url: row.url ?? null,
    language: row.language,
    issn: row.issn,
    publisher: row.publisher,
    csl: parseCsl(row.cslJson),
    extras,
  };
}

function parseCsl(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A text value of the imported CSL item, or null. */
export function cslText(csl: Record<string, unknown>, key: string): string | null {
  const value = csl[key];
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
