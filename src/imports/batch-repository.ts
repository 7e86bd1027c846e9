import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, ImportBatchRow } from '../db/schema.js';
import { detachBatch } from '../dedup/detach-batch.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';

export interface BatchListItem extends ImportBatchRow {
  createdByName: string | null;
}

export function listBatches(db: Kysely<Database>, reviewId: number): Promise<BatchListItem[]> {
  return db
    .selectFrom('importBatch')
    .leftJoin('account', 'account.id', 'importBatch.createdBy')
    .selectAll('importBatch')
    .select('account.name as createdByName')
    .where('importBatch.reviewId', '=', reviewId)
    .orderBy('importBatch.id', 'desc')
    .execute();
}

export async function findBatch(db: Kysely<Database>, reviewId: number, batchId: number): Promise<ImportBatchRow> {
  const batch = await db
    .selectFrom('importBatch')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (!batch) throw new NotFoundError('There is no such search in this review.');
  return batch;
}

/** Earlier batches of this review made from a file with one of these hashes (re-uploads warn). */
export function findBatchesByHash(db: Kysely<Database>, reviewId: number, hashes: string[]): Promise<ImportBatchRow[]> {
  if (hashes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('importBatch')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .where('fileSha256', 'in', hashes)
    .where('removedAt', 'is', null)
    .execute();
}

/** Records of a batch someone has screened (a decision or a final one) or attached a full text to. */
async function recordsWithScreeningWork(trx: Kysely<Database>, batchId: number): Promise<number> {
  const row = await trx
    .selectFrom('record')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batchId', '=', batchId)
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('screeningDecision').select('recordId').whereRef('screeningDecision.recordId', '=', 'record.id')),
        eb.exists(eb.selectFrom('screeningItem').select('recordId').whereRef('screeningItem.recordId', '=', 'record.id').where('finalDecision', 'is not', null)),
        eb.exists(eb.selectFrom('fullText').select('recordId').whereRef('fullText.recordId', '=', 'record.id')),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the import that stores this search's records is queued or running. */
async function beingStored(trx: Kysely<Database>, batchId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('importUploadFile as f')
    .innerJoin('importUpload as u', 'u.id', 'f.uploadId')
    .innerJoin('job', 'job.id', 'u.commitJobId')
    .select('job.id')
    .where('f.batchId', '=', batchId)
    .where('job.state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return row !== undefined;
}

/** How many records each of these searches holds so far (those still being stored, or stopped part-way). */
export async function storedCounts(db: Kysely<Database>, batchIds: readonly number[]): Promise<Map<number, number>> {
  if (batchIds.length === 0) return new Map();
  const rows = await db.selectFrom('record').select(['batchId', (eb) => eb.fn.countAll<number>().as('n')]).where('batchId', 'in', batchIds).groupBy('batchId').execute();
  return new Map(rows.map((r) => [r.batchId, Number(r.n)]));
}

/**
 * Takes a search out of the review: its records are deleted (the batch row and the original file
 * stay, marked removed, so the history still shows what was imported) after leaving every
 * duplicate group, pair and merge (detachBatch). Refused while its import is still storing it,
 * which would go on adding the records being removed.
 */
export async function removeBatch(db: Kysely<Database>, ctx: { actorId: number; reviewId: number }, batchId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const batch = await findBatch(trx, ctx.reviewId, batchId);
    if (batch.removedAt) throw new ValidationError({ batch: 'This search was already removed.' });
    if (await beingStored(trx, batchId)) throw new ValidationError({ batch: 'This search is still being stored. Remove it once its import has finished or stopped.' });
    const screened = await recordsWithScreeningWork(trx, batchId);
    if (screened > 0) {
      throw new ValidationError({ batch: `${screened === 1 ? 'A record' : `${screened} records`} of this search already ${screened === 1 ? 'has' : 'have'} screening decisions or a full text, so it can no longer be removed. Screening keeps its history.` });
    }
    await detachBatch(trx, ctx, batchId);
    const { numDeletedRows } = await trx.deleteFrom('record').where('batchId', '=', batchId).executeTakeFirst();
    const removed = Number(numDeletedRows);
    await trx
      .updateTable('importBatch')
      .set({ removedAt: new Date().toISOString(), removedBy: ctx.actorId })
      .where('id', '=', batchId)
      .execute();
    await bumpCounter(trx, ctx.reviewId, COUNTERS.recordsImported, -removed);
    await bumpCounter(trx, ctx.reviewId, COUNTERS.importBatches, -1);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'import.remove',
      entity: 'import_batch',
      entityId: batchId,
      before: { source: batch.sourceName, file: batch.fileName, records: removed },
    });
    return removed;
  });
}
