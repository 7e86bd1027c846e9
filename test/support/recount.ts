import type { Db } from '../../src/db/database.js';
import { readCounters } from '../../src/reviews/stage-counters.js';
import { queryValue } from './data-dir-query.js';

/** How each import and duplicate counter is recounted from the rows it counts. */
const RECOUNT = {
  records_imported: 'SELECT count(*) AS n FROM record WHERE review_id = ?',
  import_batches: 'SELECT count(*) AS n FROM import_batch WHERE review_id = ? AND removed_at IS NULL',
  duplicates_marked: 'SELECT count(*) AS n FROM record WHERE review_id = ? AND duplicate_of IS NOT NULL',
  duplicates_pending: "SELECT count(*) AS n FROM duplicate_pair WHERE review_id = ? AND status = 'pending'",
} as const;

/** The review's counters named, next to what the rows say. */
export async function countersAndRecount(db: Db, reviewId: number, names: ReadonlyArray<keyof typeof RECOUNT> = Object.keys(RECOUNT) as Array<keyof typeof RECOUNT>) {
  const counters = await readCounters(db.kysely, reviewId);
  const recount: Record<string, number> = {};
  for (const name of names) recount[name] = await queryValue<number>(db, RECOUNT[name], reviewId);
  return { counters: Object.fromEntries(names.map((name) => [name, counters[name]])), recount };
}
