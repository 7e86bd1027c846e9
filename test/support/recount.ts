import type { SqliteDb as Db } from '../../src/db/database.js';
import { readCounters } from '../../src/reviews/stage-counters.js';

/** How each import and duplicate counter is recounted from the rows it counts. */
const RECOUNT = {
  records_imported: 'SELECT count(*) FROM record WHERE review_id = ?',
  import_batches: 'SELECT count(*) FROM import_batch WHERE review_id = ? AND removed_at IS NULL',
  duplicates_marked: 'SELECT count(*) FROM record WHERE review_id = ? AND duplicate_of IS NOT NULL',
  duplicates_pending: "SELECT count(*) FROM duplicate_pair WHERE review_id = ? AND status = 'pending'",
} as const;

/** The review's counters named, next to what the rows say. */
export async function countersAndRecount(db: Db, reviewId: number, names: ReadonlyArray<keyof typeof RECOUNT> = Object.keys(RECOUNT) as Array<keyof typeof RECOUNT>) {
  const counters = await readCounters(db.kysely, reviewId);
  return {
    counters: Object.fromEntries(names.map((name) => [name, counters[name]])),
    recount: Object.fromEntries(names.map((name) => [name, db.sqlite.prepare(RECOUNT[name]).pluck().get(reviewId) as number])),
  };
}
