import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueJob, isActive, latestJob, type Job } from '../jobs/job-store.js';
import type { DedupContext } from './merge-group.js';

/** The review's newest duplicate check (after an import or on demand), whatever its state. */
export function latestCheck(db: Kysely<Database>, reviewId: number): Promise<Job | undefined> {
  return latestJob(db, reviewId, 'dedup');
}

/**
 * Queues a check of the whole review ("Find duplicates"), unless one is queued or running already:
 * a second would only find what the first is finding. Returns whether it queued one.
 */
export async function requestDuplicateCheck(db: Kysely<Database>, ctx: DedupContext): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const latest = await latestCheck(trx, ctx.reviewId);
    if (latest && isActive(latest)) return false;
    await enqueueJob(trx, { reviewId: ctx.reviewId, kind: 'dedup', createdBy: ctx.actorId });
    return true;
  });
}
