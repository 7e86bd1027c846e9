/**
 * The job that looks for duplicates (kind `dedup`): after an import, among the new records
 * (`payload.batchIds`) and against the review; on demand ("Find duplicates"), across the whole
 * review. In a worker, so pages keep answering while 50,000 records are compared. Its totals are
 * added to the job in each chunk's transaction, so a check resumed after a crash reports all of it.
 */
import type { JobHandler } from '../jobs/job-context.js';
import { addToResult } from '../jobs/job-store.js';
import { detectDuplicates } from './detection.js';

export const run: JobHandler = async ({ job, db, afterChunk, progress }) => {
  const batchIds = job.payload.batchIds as number[] | undefined;
  const newIds = batchIds && (await db.selectFrom('record').select('id').where('reviewId', '=', job.reviewId).where('batchId', 'in', batchIds).execute()).map((r) => r.id);
  if (newIds?.length === 0) return;
  await detectDuplicates(db, { reviewId: job.reviewId, actorId: job.createdBy }, { newIds }, {
    afterChunk,
    progress,
    onChunk: (trx, done) => addToResult(trx, job.id, done),
  });
};
