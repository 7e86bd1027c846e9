import type { ExpressionBuilder, Kysely } from 'kysely';
import type { SqliteDb as Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { COUNTERS, type CounterName } from '../reviews/stage-counters.js';
import { runStepsSync, rowsOf, type Steps } from './archive-query.js';
import { runCompiled } from './run-compiled.js';

/**
 * Sets the counters that services keep by hand (screening's follow the rows by trigger) to what the
 * rows say, for a review written all at once such as an imported one. The definitions are the
 * services' own: records stored and searches not removed, duplicates marked and pairs pending, and
 * coding counted on included studies only (migration 0008). Synchronous, inside the caller's transaction.
 */
export function recountCounters(db: Db, reviewId: number): void {
  runStepsSync(recountSteps(db.kysely, reviewId), (query) => runCompiled(db.sqlite, query as never) as never);
}

/** recountCounters as steps, for either database (archive-query.ts). */
export function* recountSteps(k: Kysely<Database>, reviewId: number): Steps<void> {
  const included = (eb: ExpressionBuilder<Database, never>, recordId: 'r.id' | 'e.recordId') =>
    eb.exists(
      eb.selectFrom('screeningItem as i').select('i.recordId')
        .whereRef('i.recordId', '=', recordId as never)
        .where('i.stage', '=', 'full_text').where('i.status', '=', 'decided').where('i.outcome', '=', 'include').where('i.active', '=', 1),
    );
  const counts: Array<[CounterName, { compile(): { sql: string; parameters: readonly unknown[] } }]> = [
    [COUNTERS.recordsImported, k.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId)],
    [COUNTERS.importBatches, k.selectFrom('importBatch').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('removedAt', 'is', null)],
    [COUNTERS.duplicatesMarked, k.selectFrom('record').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('duplicateOf', 'is not', null)],
    [COUNTERS.duplicatesPending, k.selectFrom('duplicatePair').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('status', '=', 'pending')],
    [
      COUNTERS.studiesCoded,
      k.selectFrom('record as r').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('r.reviewId', '=', reviewId)
        .where((eb) => included(eb as never, 'r.id'))
        .where((eb) => eb.or([
          eb.exists(eb.selectFrom('studyCode as s').select('s.codeId').whereRef('s.recordId', '=', 'r.id')),
          eb.exists(eb.selectFrom('excerpt as x').select('x.id').whereRef('x.recordId', '=', 'r.id')),
        ])),
    ],
    [COUNTERS.excerpts, k.selectFrom('excerpt as e').select((eb) => eb.fn.countAll<number>().as('n')).where('e.reviewId', '=', reviewId).where((eb) => included(eb as never, 'e.recordId'))],
  ];
  for (const [name, query] of counts) {
    const [{ n }] = (yield* rowsOf<{ n: number | string }>(query)) as [{ n: number | string }];
    // PostgreSQL's count(*) is a bigint, which its driver gives as text.
    const value = Number(n);
    yield k.insertInto('reviewCounter').values({ reviewId, name, value }).onConflict((oc) => oc.columns(['reviewId', 'name']).doUpdateSet({ value }));
  }
}
