/**
 * The files of an upload (import_upload_file): what each is, what the parser reported, and the
 * search it became. Kept apart from import-uploads.ts because the read and commit jobs need only
 * this, and every module a worker loads goes through the TypeScript loader again.
 */
import type { Kysely } from 'kysely';
import type { Database, ImportUploadFileRow } from '../db/schema.js';
import type { FileSummary } from './batch-store.js';

export interface UploadFile {
  position: number;
  fileName: string;
  size: number;
  sha256: string;
  summary?: FileSummary;
  /** Set when the file could not be read at all. */
  unreadable?: string;
  batchId: number | null;
  /** Records stored so far, while the import stores them or after it stopped part-way. */
  stored?: number;
}

export const toUploadFile = (row: ImportUploadFileRow): UploadFile => ({
  position: row.position,
  fileName: row.fileName,
  size: row.size,
  sha256: row.sha256,
  summary: row.summaryJson === null ? undefined : (JSON.parse(row.summaryJson) as FileSummary),
  unreadable: row.unreadable ?? undefined,
  batchId: row.batchId,
});

export async function uploadFiles(db: Kysely<Database>, uploadId: string): Promise<UploadFile[]> {
  const rows = await db.selectFrom('importUploadFile').selectAll().where('uploadId', '=', uploadId).orderBy('position').execute();
  return rows.map(toUploadFile);
}
