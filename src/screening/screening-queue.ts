/**
 * Which record a reviewer sees next. The queue is screening_item in the stage's order: the first
 * open, active record the reviewer has not decided. Served by the index screening_item_queue, so
 * with most records screened it still reads only the open ones.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';

export interface QueuePosition {
  sortKey: number;
  recordId: number;
}

/** The first record for the reviewer after `after` (or from the start), wrapping round once. */
export async function nextForReviewer(db: Kysely<Database>, reviewId: number, stage: Stage, reviewerId: number, after?: QueuePosition): Promise<number | null> {
  const first = (from?: QueuePosition) => {
    let query = db
      .selectFrom('screeningItem as i')
      .select('i.recordId')
      .where('i.reviewId', '=', reviewId)
      .where('i.stage', '=', stage)
      .where('i.status', '=', 'open')
      .where('i.active', '=', 1)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'i.recordId').where('d.stage', '=', stage).where('d.reviewerId', '=', reviewerId))),
      );
    if (from) query = query.where(sql<boolean>`(i.sort_key, i.record_id) > (${from.sortKey}, ${from.recordId})`);
    return query.orderBy('i.sortKey').orderBy('i.recordId').limit(1).executeTakeFirst();
  };
  const found = (await first(after)) ?? (after ? await first() : undefined);
  return found?.recordId ?? null;
}

/** The record the reviewer decided just before `before` (by time of decision), or their latest. */
export async function previousForReviewer(db: Kysely<Database>, reviewId: number, stage: Stage, reviewerId: number, before?: { decidedAt: string; recordId: number }): Promise<number | null> {
  let query = db
    .selectFrom('screeningDecision')
    .select('recordId')
    .where('reviewId', '=', reviewId)
    .where('stage', '=', stage)
    .where('reviewerId', '=', reviewerId);
  if (before) query = query.where(sql<boolean>`(decided_at, record_id) < (${before.decidedAt}, ${before.recordId})`);
  const row = await query.orderBy('decidedAt', 'desc').orderBy('recordId', 'desc').limit(1).executeTakeFirst();
  return row?.recordId ?? null;
}
