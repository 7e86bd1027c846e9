import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { createBatch, storeRecords, type BatchInput, type RecordValues } from '../../src/imports/batch-store.js';

/**
 * Stores searches straight into a review, as the commit job does (one search, then its records in
 * chunks), without the staging files and jobs around it: for tests that need records in place.
 */
export async function storeBatches(
  db: Kysely<Database>,
  ctx: { reviewId: number; actorId: number | null },
  batches: ReadonlyArray<BatchInput & { records: readonly RecordValues[] }>,
): Promise<Array<{ batchId: number; imported: number }>> {
  const stored = [];
  for (const batch of batches) {
    const batchId = await db.transaction().execute((trx) => createBatch(trx, ctx, batch));
    const imported = await storeRecords(db, ctx, { id: batchId, expected: batch.records.length }, () => batch.records);
    stored.push({ batchId, imported });
  }
  return stored;
}
