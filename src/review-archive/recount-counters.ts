import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { COUNTERS, type CounterName } from '../reviews/stage-counters.js';

/**
 * Sets the counters that services keep by hand (screening's follow the rows by trigger) to what the
 * rows say, for a review written all at once such as an imported one. The definitions are the
 * services' own: records stored and searches not removed, duplicates marked and pairs pending, and
 * coding counted on included studies only (migration 0008).
 */
export async function recountCounters(db: Kysely<Database>, reviewId: number): Promise<void> {
  const included = (eb: ExpressionBuilder<Database, never>, recordId: 'r.id' | 'e.recordId') =>
    eb.exists(
      eb.selectFrom('screeningItem as i').select('i.recordId')
        .whereRef('i.recordId', '=', recordId as never)
        .where('i.stage', '=', 'full_text').where('i.status', '=', 'decided').where('i.outcome', '=', 'include').where('i.active', '=', 1),
    );
  const values: Array<[CounterName, Promise<{ n: number }>]> = [
    [COUNTERS.recordsImported, db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).executeTakeFirstOrThrow()],
    [COUNTERS.importBatches, db.selectFrom('importBatch').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('removedAt', 'is', null).executeTakeFirstOrThrow()],
    [COUNTERS.duplicatesMarked, db.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('duplicateOf', 'is not', null).executeTakeFirstOrThrow()],
    [COUNTERS.duplicatesPending, db.selectFrom('duplicatePair').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('status', '=', 'pending').executeTakeFirstOrThrow()],
    [
      COUNTERS.studiesCoded,
      db.selectFrom('record as r').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('r.reviewId', '=', reviewId)
        .where((eb) => included(eb as never, 'r.id'))
        .where((eb) => eb.or([
          eb.exists(eb.selectFrom('studyCode as s').select('s.codeId').whereRef('s.recordId', '=', 'r.id')),
          eb.exists(eb.selectFrom('excerpt as x').select('x.id').whereRef('x.recordId', '=', 'r.id')),
        ]))
        .executeTakeFirstOrThrow(),
    ],
    [COUNTERS.excerpts, db.selectFrom('excerpt as e').select((eb) => eb.fn.countAll<number>().as('n')).where('e.reviewId', '=', reviewId).where((eb) => included(eb as never, 'e.recordId')).executeTakeFirstOrThrow()],
  ];
  for (const [name, pending] of values) {
    const value = Number((await pending).n);
    await db
      .insertInto('reviewCounter')
      .values({ reviewId, name, value })
      .onConflict((oc) => oc.columns(['reviewId', 'name']).doUpdateSet({ value }))
      .execute();
  }
}
