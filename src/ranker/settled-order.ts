import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';

export interface SettledOrder {
  recordIds: number[];
  /** 1: include or maybe (relevant), 0: exclude; in the order the records settled. */
  labels: Uint8Array;
}

/**
 * A stage's settled records in the order they settled (screening_item.settled_seq, stamped by a
 * trigger when an item becomes decided: a later change of note or labels does not move it), with
 * their outcomes as the model and the stopping test read them. Run inside the ranking's snapshot.
 */
export async function settledInOrder(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<SettledOrder> {
  const rows = await db
    .selectFrom('screeningItem')
    .select(['recordId', 'outcome'])
    .where('reviewId', '=', reviewId)
    .where('stage', '=', stage)
    .where('status', '=', 'decided')
    .where('active', '=', 1)
    .orderBy('settledSeq')
    .orderBy('recordId')
    .execute();
  return { recordIds: rows.map((r) => r.recordId), labels: Uint8Array.from(rows, (r) => (r.outcome === 'exclude' ? 0 : 1)) };
}
