import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pdfPath } from '../fulltext/pdf-files.js';
import type { ArchiveWriter } from './archive-writer.js';

/**
 * The files beside the database that rows refer to by SHA-256: uploaded originals
 * (import_batch.file_sha256, at <dataDir>/originals/<sha>) and full-text PDFs
 * (full_text.pdf_sha256, at <dataDir>/fulltexts/<sha>.pdf). Archives hold them under the same
 * names; this is the only mapping from an archive's entry names to places in a data dir, so an
 * entry named anything else is never written anywhere.
 */
export type StoredFileKind = 'original' | 'pdf';

export interface StoredFile {
  kind: StoredFileKind;
  sha256: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256.test(value);
}

export function archivePathOf(file: StoredFile): string {
  return file.kind === 'original' ? `originals/${file.sha256}` : `fulltexts/${file.sha256}.pdf`;
}

/** The stored file an archive entry name stands for, or undefined for any other name. */
export function storedFileAt(path: string): StoredFile | undefined {
  const match = /^(originals\/([0-9a-f]{64})|fulltexts\/([0-9a-f]{64})\.pdf)$/.exec(path);
  if (!match) return undefined;
  return match[2] ? { kind: 'original', sha256: match[2] } : { kind: 'pdf', sha256: match[3]! };
}

/** Where the file lives in `dataDir`. */
export function dataPathOf(dataDir: string, file: StoredFile): string {
  if (!isSha256(file.sha256)) throw new Error(`not a SHA-256: ${file.sha256}`);
  return file.kind === 'original' ? join(dataDir, 'originals', file.sha256) : pdfPath(dataDir, file.sha256);
}

/**
 * Adds each stored file that is in `dataDir` to the archive; returns the archive names of those
 * that are not (a row may outlive its file), for the caller to report.
 */
export async function addStoredFiles(writer: ArchiveWriter, dataDir: string, files: Iterable<StoredFile>): Promise<string[]> {
  const missing: string[] = [];
  for (const file of files) {
    const path = isSha256(file.sha256) ? dataPathOf(dataDir, file) : null;
    if (path === null || !existsSync(path)) missing.push(archivePathOf(file));
    // Originals (text exports) shrink to a fifth; PDFs are compressed already.
    else await writer.addFile(archivePathOf(file), path, { compress: file.kind === 'original' });
  }
  return missing;
}
