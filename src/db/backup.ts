import { existsSync } from 'node:fs';
import { ArchiveError, archiveFailure } from '../archive/archive-error.js';
import { ArchiveWriter } from '../archive/archive-writer.js';
import { partialPath, removePartial } from '../archive/partial-files.js';
import { schemaVersionOf } from '../archive/schema-version.js';
import { addStoredFiles, archivePathOf, type StoredFile } from '../archive/stored-files.js';
import { openSqlite } from './open.js';

/** Where the database sits inside a backup archive. */
export const BACKUP_DATABASE_PATH = 'database/coreview.sqlite';

export interface BackupSummary {
  bytes: number;
  schemaVersion: number;
  originals: number;
  pdfs: number;
  /** Files the database refers to that were not in the data dir (archive names), left out. */
  missing: string[];
}

/**
 * Writes one archive with a consistent copy of the database and every file it refers to (uploaded
 * originals, full-text PDFs), while the server keeps serving and writing.
 *
 * The copy is `VACUUM INTO` a temporary file: it reads one snapshot (in WAL mode, writers carry
 * on and are not waited for) and never restarts, unlike the backup API, which starts over whenever
 * another connection writes and so never finished while a team screened. The copy must pass
 * `PRAGMA integrity_check` before it goes in. Files are listed from the copy, so the archive holds
 * exactly what its database refers to. Any failure removes what was written and throws an
 * ArchiveError of one line.
 */
export async function backupTo(source: { databaseFile: string; dataDir: string }, outFile: string): Promise<BackupSummary> {
  if (!existsSync(source.databaseFile)) throw new ArchiveError(`There is no database at ${source.databaseFile}; check COREVIEW_DATA_DIR`);
  const writer = await ArchiveWriter.create(outFile);
  const copy = partialPath(outFile, 'partial-db');
  try {
    snapshot(source.databaseFile, copy);
    const { schemaVersion, files } = inspectCopy(copy);
    await writer.addFile(BACKUP_DATABASE_PATH, copy, { compress: true });
    await removePartial(copy);
    const missing = await addStoredFiles(writer, source.dataDir, files);
    const { bytes } = await writer.finish({ format: 'coreview-backup', schemaVersion, details: { missing } });
    const kept = files.filter((f) => !missing.includes(archivePathOf(f)));
    return { bytes, schemaVersion, originals: kept.filter((f) => f.kind === 'original').length, pdfs: kept.filter((f) => f.kind === 'pdf').length, missing };
  } catch (error) {
    await writer.abort();
    await removePartial(copy);
    throw archiveFailure(`Backup to ${outFile} failed, nothing was kept`, error);
  }
}

function snapshot(databaseFile: string, copy: string): void {
  const sqlite = openSqlite(databaseFile);
  try {
    sqlite.prepare('VACUUM INTO ?').run(copy);
  } finally {
    sqlite.close();
  }
}

/** Checks the copy and lists the stored files its rows refer to. */
function inspectCopy(copy: string): { schemaVersion: number; files: StoredFile[] } {
  const sqlite = openSqlite(copy, { readonly: true });
  try {
    const check = sqlite.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new ArchiveError(`The copy of the database failed its integrity check (${String(check)}); the database itself may be damaged`);
    const schemaVersion = schemaVersionOf(sqlite);
    const originals = sqlite.prepare('SELECT DISTINCT file_sha256 FROM import_batch ORDER BY 1').pluck().all() as string[];
    const pdfs = sqlite.prepare('SELECT DISTINCT pdf_sha256 FROM full_text WHERE pdf_sha256 IS NOT NULL ORDER BY 1').pluck().all() as string[];
    return {
      schemaVersion,
      files: [...originals.map((sha256) => ({ kind: 'original' as const, sha256 })), ...pdfs.map((sha256) => ({ kind: 'pdf' as const, sha256 }))],
    };
  } finally {
    sqlite.close();
  }
}
