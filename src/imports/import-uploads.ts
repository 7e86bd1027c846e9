/**
 * Uploads from preview to stored records, as rows (import_upload, import_upload_file) and the jobs
 * that read, store and check them: a restart loses nothing and every page tells the truth.
 *
 * ```ts
 * const id = await startUpload(db, dataDir, { reviewId, actorId }, search, files); // queues reading
 * const upload = await findUpload(db, reviewId, id);   // state 'reading' → 'ready'
 * await commitUpload(db, reviewId, id);                  // queues storing; then the duplicate check
 * ```
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import type { UploadedFile } from '../http/uploads.js';
import { enqueueJob, findJob, retryJob } from '../jobs/job-store.js';
import { storedCounts } from './batch-repository.js';
import type { SearchDetails } from './search-details.js';
import { discardStaging, stagedUpload, stagingRoot, uploadStaging } from './staging.js';
import { uploadFiles, type UploadFile } from './upload-files.js';
import { uploadStatus, type UploadStatus } from './upload-state.js';

export interface ImportUpload extends UploadStatus {
  id: string;
  reviewId: number;
  createdAt: string;
  createdBy: number | null;
  /** Who uploaded it; null for the command line. */
  createdByName: string | null;
  search: SearchDetails;
  files: UploadFile[];
}

// A preview nobody commits is dropped after a day, with its staged files.
const PREVIEW_LIFETIME_MS = 24 * 3_600_000;

const NO_SUCH_UPLOAD = 'This import preview no longer exists (previews are kept for a day). Upload the files again.';

/** Moves the uploaded files into the upload's staging folder and queues reading them. Returns the upload's id. */
export async function startUpload(
  db: Kysely<Database>,
  dataDir: string,
  ctx: { reviewId: number; actorId: number | null },
  search: SearchDetails,
  uploads: readonly UploadedFile[],
): Promise<string> {
  const id = randomUUID();
  await mkdir(uploadStaging(dataDir, id), { recursive: true });
  try {
    for (const [position, upload] of uploads.entries()) await rename(upload.tempPath, stagedUpload(dataDir, id, position));
    await inTransaction(db, async (trx) => {
      const readJobId = await enqueueJob(trx, { reviewId: ctx.reviewId, kind: 'import-read', payload: { uploadId: id }, createdBy: ctx.actorId });
      await trx
        .insertInto('importUpload')
        .values({ id, reviewId: ctx.reviewId, searchJson: JSON.stringify(search), readJobId, createdBy: ctx.actorId, createdAt: new Date().toISOString() })
        .execute();
      await trx
        .insertInto('importUploadFile')
        .values(uploads.map((u, position) => ({ uploadId: id, position, fileName: u.fileName, size: u.size, sha256: u.sha256 })))
        .execute();
    });
  } catch (error) {
    await discardStaging(dataDir, id);
    throw error;
  }
  return id;
}

/** The upload with its files and derived state, or undefined when the review has no such upload (or it expired). */
export async function findUpload(db: Kysely<Database>, reviewId: number, uploadId: string): Promise<ImportUpload | undefined> {
  const row = await db
    .selectFrom('importUpload')
    .leftJoin('account', 'account.id', 'importUpload.createdBy')
    .selectAll('importUpload')
    .select('account.name as createdByName')
    .where('importUpload.id', '=', uploadId)
    .where('importUpload.reviewId', '=', reviewId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [read, commit, dedup] = await Promise.all([row.readJobId, row.commitJobId, row.dedupJobId].map((id) => (id === null ? undefined : findJob(db, id))));
  const status = uploadStatus(row, read!, commit, dedup);
  if (status.state === 'ready' && expired(row.createdAt)) return undefined;
  let files = await uploadFiles(db, row.id);
  if (status.state === 'committing' || status.state === 'interrupted') {
    const stored = await storedCounts(db, files.flatMap((f) => (f.batchId === null ? [] : [f.batchId])));
    files = files.map((f) => ({ ...f, stored: f.batchId === null ? 0 : (stored.get(f.batchId) ?? 0) }));
  }
  return {
    ...status,
    id: row.id,
    reviewId: row.reviewId,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
    search: JSON.parse(row.searchJson) as SearchDetails,
    files,
  };
}

/** Only the person who uploaded it, or an owner of the review, imports, continues or cancels an upload. */
export const mayActOn = (upload: Pick<ImportUpload, 'createdBy'>, viewer: { id: number; isOwner: boolean }) => viewer.isOwner || upload.createdBy === viewer.id;

const expired = (createdAt: string, now = Date.now()) => Date.parse(createdAt) < now - PREVIEW_LIFETIME_MS;

async function requireUpload(db: Kysely<Database>, reviewId: number, uploadId: string): Promise<ImportUpload> {
  const upload = await findUpload(db, reviewId, uploadId);
  if (!upload) throw new NotFoundError(NO_SUCH_UPLOAD);
  return upload;
}

/** The review's uploads that still need someone or something: being read, waiting to be imported, being stored or checked, or stopped. */
export async function openUploads(db: Kysely<Database>, reviewId: number): Promise<ImportUpload[]> {
  const recent = await db.selectFrom('importUpload').select('id').where('reviewId', '=', reviewId).orderBy('createdAt', 'desc').limit(20).execute();
  const uploads = await Promise.all(recent.map((r) => findUpload(db, reviewId, r.id)));
  return uploads.filter((u): u is ImportUpload => u !== undefined && !['failed', 'cancelled', 'committed'].includes(u.state));
}

/**
 * Queues storing a ready upload's records. Committing twice (a double click, two owners) queues it
 * once; anything but a ready upload is refused with why.
 */
export async function commitUpload(db: Kysely<Database>, reviewId: number, uploadId: string, actorId: number | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const upload = await requireUpload(trx, reviewId, uploadId);
    if (upload.state === 'committing' || upload.state === 'checking' || upload.state === 'committed') return;
    if (upload.state !== 'ready') throw new ValidationError({ upload: `This import is ${upload.state} and cannot be imported.` });
    if (!upload.files.some((f) => (f.summary?.imported ?? 0) > 0)) throw new ValidationError({ upload: 'There is nothing to import from these files.' });
    const commitJobId = await enqueueJob(trx, { reviewId, kind: 'import-commit', payload: { uploadId }, createdBy: actorId });
    await trx.updateTable('importUpload').set({ commitJobId }).where('id', '=', uploadId).execute();
  });
}

/** Queues storing the rest of an interrupted upload: what was stored stays, the others follow. */
export async function continueCommit(db: Kysely<Database>, reviewId: number, uploadId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const upload = await requireUpload(trx, reviewId, uploadId);
    if (upload.state !== 'interrupted') throw new ValidationError({ upload: 'This import is not interrupted.' });
    const removed = await trx
      .selectFrom('importUploadFile as f')
      .innerJoin('importBatch as b', 'b.id', 'f.batchId')
      .select('b.fileName')
      .where('f.uploadId', '=', uploadId)
      .where('b.removedAt', 'is not', null)
      .executeTakeFirst();
    if (removed) throw new ValidationError({ upload: `The search made from ${removed.fileName} was removed, so this import cannot be continued. Upload the file again.` });
    const { commitJobId } = await trx.selectFrom('importUpload').select('commitJobId').where('id', '=', uploadId).executeTakeFirstOrThrow();
    await retryJob(trx, commitJobId!);
  });
}

/** Cancels an upload not yet being stored; its staged files go at once. */
export async function cancelUpload(db: Kysely<Database>, dataDir: string, reviewId: number, uploadId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const upload = await requireUpload(trx, reviewId, uploadId);
    if (!['reading', 'ready', 'failed'].includes(upload.state)) throw new ValidationError({ upload: 'Records of this import are already stored, so it cannot be cancelled.' });
    await trx.updateTable('importUpload').set({ cancelledAt: new Date().toISOString() }).where('id', '=', uploadId).execute();
  });
  await discardStaging(dataDir, uploadId);
}

// A folder this young without its upload row may be an upload being started right now.
const ORPHAN_AGE_MS = 10 * 60_000;

/**
 * Removes staged files nobody needs any more: those of uploads stored, failed, cancelled or expired,
 * and folders no upload owns (a crash between moving files and recording the upload).
 */
export async function sweepStaging(db: Kysely<Database>, dataDir: string): Promise<void> {
  let folders: string[];
  try {
    folders = await readdir(stagingRoot(dataDir));
  } catch {
    return;
  }
  for (const id of folders) {
    const row = await db.selectFrom('importUpload').select('reviewId').where('id', '=', id).executeTakeFirst();
    if (!row) {
      const { mtimeMs } = await stat(uploadStaging(dataDir, id));
      if (mtimeMs < Date.now() - ORPHAN_AGE_MS) await discardStaging(dataDir, id);
      continue;
    }
    const upload = await findUpload(db, row.reviewId, id);
    if (!upload || ['failed', 'cancelled', 'checking', 'committed'].includes(upload.state)) await discardStaging(dataDir, id);
  }
}
