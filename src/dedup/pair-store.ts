import type { Kysely } from 'kysely';
import type { Database, NewDuplicatePair, PairStatus } from '../db/schema.js';
import type { DuplicatePair } from './classify-pair.js';

export const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Every pair stored for the review, by pairKey, with its status. */
export async function knownPairs(db: Kysely<Database>, reviewId: number): Promise<Map<string, PairStatus>> {
  const rows = await db.selectFrom('duplicatePair').select(['recordA', 'recordB', 'status']).where('reviewId', '=', reviewId).execute();
  return new Map(rows.map((r) => [pairKey(r.recordA, r.recordB), r.status]));
}

// 11 columns × 500 rows stays far below SQLite's 32,766 bound parameters per statement.
const ROWS_PER_INSERT = 500;

/**
 * Stores found pairs: `same` (decided now, automatically) when `mergeOf` names the merge that
 * linked them, `pending` otherwise. A pair already stored (by a check that ran meanwhile) is left
 * as it is. Returns how many were stored and how many of those queued.
 */
export async function insertPairs(
  db: Kysely<Database>,
  reviewId: number,
  pairs: readonly DuplicatePair[],
  mergeOf: (pair: DuplicatePair) => number | null,
): Promise<{ stored: number; queued: number }> {
  const now = new Date().toISOString();
  const rows: NewDuplicatePair[] = pairs.map((pair) => {
    const mergeId = mergeOf(pair);
    return {
      reviewId,
      recordA: pair.a,
      recordB: pair.b,
      kind: pair.kind,
      score: pair.score,
      reasonsJson: JSON.stringify(pair.reasons),
      differingJson: JSON.stringify(pair.differingFields),
      status: mergeId === null ? 'pending' : 'same',
      mergeId,
      decidedAt: mergeId === null ? null : now,
      createdAt: now,
    };
  });
  let stored = 0;
  let queued = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const inserted = await db
      .insertInto('duplicatePair')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.columns(['reviewId', 'recordA', 'recordB']).doNothing())
      .returning('status')
      .execute();
    stored += inserted.length;
    queued += inserted.filter((r) => r.status === 'pending').length;
  }
  return { stored, queued };
}
