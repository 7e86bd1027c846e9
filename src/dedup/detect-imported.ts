import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { detectDuplicates, type DedupContext } from './dedup-service.js';

/** What the duplicate check after an import found, as the import report shows it. */
export interface ImportDuplicates {
  /** Records linked automatically to a primary (certain matches). */
  linked: number;
  /** Pairs added to the review queue for a person. */
  queued: number;
}

export const DUPLICATE_CHECK_FAILED = 'The duplicate check failed; the records are imported. Run it again from the Duplicates page.';

/**
 * Looks for duplicates of the records the given batches just committed (within them and against the
 * review's earlier records), in its own transaction: a failure leaves the import as it is.
 */
export async function detectImported(db: Kysely<Database>, ctx: DedupContext, batchIds: readonly number[]): Promise<ImportDuplicates> {
  if (batchIds.length === 0) return { linked: 0, queued: 0 };
  const rows = await db.selectFrom('record').select('id').where('reviewId', '=', ctx.reviewId).where('batchId', 'in', batchIds).execute();
  const { linked, queued } = await detectDuplicates(db, ctx, { newIds: rows.map((r) => r.id) });
  return { linked, queued };
}
