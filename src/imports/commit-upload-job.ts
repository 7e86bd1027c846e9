/**
 * The job that stores a previewed upload (kind `import-commit`): each readable file becomes a
 * search whose records are written in chunks (batch-store.ts), so reviewers keep deciding while
 * 50,000 records go in. Resumable: a file that already has its search continues after the last
 * record stored, and the closing step (audit event, duplicate check queued) happens once.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { JobFailure, type JobHandler } from '../jobs/job-context.js';
import { enqueueJob } from '../jobs/job-store.js';
import { createBatch, storeRecords } from './batch-store.js';
import { uploadFiles, type UploadFile } from './upload-files.js';
import { keepOriginal, originalsDir } from './originals.js';
import type { SearchDetails } from './search-details.js';
import { discardStaging, readStagedValues, stagedRecords, stagedUpload } from './staging.js';

export const run: JobHandler = async ({ job, db, dataDir, afterChunk, progress }) => {
  const uploadId = job.payload.uploadId as string;
  const ctx = { reviewId: job.reviewId, actorId: job.createdBy };
  const upload = await db.selectFrom('importUpload').select(['searchJson', 'dedupJobId']).where('id', '=', uploadId).executeTakeFirstOrThrow();
  const search = JSON.parse(upload.searchJson) as SearchDetails;
  const files = (await uploadFiles(db, uploadId)).filter((f) => f.summary !== undefined);
  const total = files.reduce((n, f) => n + f.summary!.imported, 0);
  let before = 0;
  for (const file of files) {
    // Kept before its search exists, so every search can hand back its original.
    if (file.batchId === null) await keepOriginal(originalsDir(dataDir), file.sha256, stagedUpload(dataDir, uploadId, file.position), 'link');
    const batchId = file.batchId ?? (await startBatch(db, ctx, uploadId, search, file));
    const expected = file.summary!.imported;
    const stored = await storeRecords(db, ctx, { id: batchId, expected }, () => readStagedValues(stagedRecords(dataDir, uploadId, file.position)), {
      afterChunk,
      onProgress: (n) => progress(`Stored ${(before + n).toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} records`),
    });
    if (stored !== expected) {
      throw new JobFailure(`${file.fileName}: ${stored.toLocaleString('en-GB')} of its ${expected.toLocaleString('en-GB')} records were stored, and the rest could not be read back. Remove this search and import the file again.`);
    }
    before += stored;
  }
  if (upload.dedupJobId === null) await finish(db, ctx, uploadId, search, await uploadFiles(db, uploadId));
  await discardStaging(dataDir, uploadId);
};

/** The file's search, created with its link from the upload in one step, so a resumed job finds it. */
function startBatch(db: Kysely<Database>, ctx: { reviewId: number; actorId: number | null }, uploadId: string, search: SearchDetails, file: UploadFile): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const batchId = await createBatch(trx, ctx, { search, file, summary: file.summary! });
    await trx.updateTable('importUploadFile').set({ batchId }).where('uploadId', '=', uploadId).where('position', '=', file.position).execute();
    return batchId;
  });
}

/** Once every record is stored: the audit event and the duplicate check of the new records, together and once. */
async function finish(db: Kysely<Database>, ctx: { reviewId: number; actorId: number | null }, uploadId: string, search: SearchDetails, files: UploadFile[]) {
  const batches = files.filter((f) => f.batchId !== null);
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'import.commit',
      entity: 'import_batch',
      entityId: batches.map((f) => f.batchId).join(','),
      after: batches.map((f) => ({ batchId: f.batchId, fileName: f.fileName, imported: f.summary!.imported, source: search.sourceName, sha256: f.sha256 })),
    });
    const dedupJobId = await enqueueJob(trx, { reviewId: ctx.reviewId, kind: 'dedup', payload: { batchIds: batches.map((f) => f.batchId) }, createdBy: ctx.actorId });
    await trx.updateTable('importUpload').set({ dedupJobId }).where('id', '=', uploadId).execute();
  });
}
