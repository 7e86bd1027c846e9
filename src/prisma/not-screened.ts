import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ScreeningSettings } from '../screening/screening-settings.js';

/**
 * Once title/abstract screening is recorded as stopped on its stopping estimate: the records the stop
 * covers (imported up to it, not duplicates) that nobody has decided — open items without a
 * decision, and records not given an item yet (`itemless`). A record with some of its decisions is
 * still being screened (a stop is refused while there are any, but one can be decided by its URL
 * after). None while no stop is recorded.
 */
export async function notScreenedAfterStop(
  db: Kysely<Database>,
  reviewId: number,
  ta: Pick<ScreeningSettings, 'stoppedAt' | 'stoppedThrough'>,
  itemless: ReadonlyArray<{ id: number; duplicateOf: number | null }>,
): Promise<number[]> {
  if (ta.stoppedAt === null) return [];
  const through = ta.stoppedThrough ?? 0;
  const undecided = await db
    .selectFrom('screeningItem as i')
    .select('i.recordId')
    .where('i.reviewId', '=', reviewId)
    .where('i.stage', '=', 'title_abstract')
    .where('i.status', '=', 'open')
    .where('i.active', '=', 1)
    .where('i.recordId', '<=', through)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'i.recordId').where('d.stage', '=', 'title_abstract'))))
    .execute();
  return [...undecided.map((r) => r.recordId), ...itemless.filter((r) => r.duplicateOf === null && r.id <= through).map((r) => r.id)];
}
