import type { Reference } from './reference.js';

export type FormatId =
  | 'ris'
  | 'bibtex'
  | 'medline'
  | 'pubmed-xml'
  | 'wos'
  | 'endnote-tagged'
  | 'endnote-xml'
  | 'csl-json'
  | 'csv'
  | 'tsv'
  | 'ovid';

/** `record` is the 1-based record number when the warning is about one record; absent for the whole file. */
export interface ImportWarning {
  record?: number;
  message: string;
}

/** Where a record sits in the file: 1-based record number and line range, and its text exactly as read. */
export interface RecordLocation {
  lineStart: number;
  lineEnd: number;
  raw: string;
}

export interface ParsedRecord extends RecordLocation {
  position: number;
  reference: Reference;
}

export interface RecordFailure extends RecordLocation {
  record: number;
  message: string;
}

export interface ParsedFile {
  format: FormatId;
  formatLabel: string;
  encoding: string;
  warnings: ImportWarning[];
  records: ParsedRecord[];
  failures: RecordFailure[];
  /** Always records.length + failures.length. */
  found: number;
}
