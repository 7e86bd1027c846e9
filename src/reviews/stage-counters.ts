import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Names of the per-review counters behind the dashboard. Each feature bumps its counters in the
 * transaction that changes the underlying rows.
 */
export const COUNTERS = {
  recordsImported: 'records_imported',
  importBatches: 'import_batches',
  duplicatesMarked: 'duplicates_marked',
  duplicatesPending: 'duplicates_pending',
  // Screening counters are kept by SQL triggers on screening_item (migration 0006), never bumped here.
  titleAbstractItems: 'ta_items',
  titleAbstractScreened: 'ta_screened',
  titleAbstractIncluded: 'ta_included',
  titleAbstractMaybe: 'ta_maybe',
  titleAbstractExcluded: 'ta_excluded',
  titleAbstractConflicts: 'ta_conflicts',
  fullTextItems: 'ft_items',
  fullTextAssessed: 'ft_assessed',
  fullTextIncluded: 'ft_included',
  fullTextMaybe: 'ft_maybe',
  fullTextExcluded: 'ft_excluded',
  fullTextConflicts: 'ft_conflicts',
  fullTextNotRetrieved: 'ft_not_retrieved',
  studiesCoded: 'studies_coded',
  excerpts: 'excerpts',
} as const;

export type CounterName = (typeof COUNTERS)[keyof typeof COUNTERS];
export type Counters = Record<CounterName, number>;

export async function readCounters(db: Kysely<Database>, reviewId: number): Promise<Counters> {
  const rows = await db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', reviewId).execute();
  const counters = Object.fromEntries(Object.values(COUNTERS).map((name) => [name, 0])) as Counters;
  for (const row of rows) if (row.name in counters) counters[row.name as CounterName] = row.value;
  return counters;
}

/** Adds `delta` (may be negative) to a counter, creating it at zero first. */
export async function bumpCounter(db: Kysely<Database>, reviewId: number, name: CounterName, delta: number): Promise<void> {
  await db
    .insertInto('reviewCounter')
    .values({ reviewId, name, value: delta })
    .onConflict((oc) => oc.columns(['reviewId', 'name']).doUpdateSet((eb) => ({ value: eb('reviewCounter.value', '+', delta) })))
    .execute();
}
