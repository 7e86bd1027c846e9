import type { ExportRecord } from '../export-record.js';

/**
 * One export run: text before the first record, each record's text, text after the last. A writer
 * may keep state across records (BibTeX keys, the CSL-JSON commas), so each run makes a new one.
 * Every non-empty piece ends with a line break, so a caller may cut the output between any two pieces.
 */
export interface ExportWriter {
  start(): string;
  record(record: ExportRecord): string;
  end(): string;
}

export interface ExportFormat {
  id: ExportFormatId;
  label: string;
  extension: string;
  contentType: string;
  createWriter(): ExportWriter;
}

export const EXPORT_FORMAT_IDS = ['ris', 'bibtex', 'csl-json', 'csv'] as const;
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number];

export function isExportFormatId(value: string): value is ExportFormatId {
  return (EXPORT_FORMAT_IDS as readonly string[]).includes(value);
}
