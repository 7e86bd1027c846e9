import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { decidePair, type DedupContext } from './dedup-service.js';
import { pendingPairIdsAtLeast } from './dedup-queries.js';

/**
 * Decides `same` every pending pair scoring at least `minScore`, highest first. Each decision is
 * its own transaction and audit entry, as if a person had pressed S on each; a pair the rules
 * refuse (for example one already kept apart through its group) is left in the queue and counted.
 */
export async function confirmPairsAtLeast(db: Kysely<Database>, ctx: DedupContext & { actorId: number }, minScore: number) {
  let confirmed = 0;
  let refused = 0;
  for (const pairId of await pendingPairIdsAtLeast(db, ctx.reviewId, minScore)) {
    try {
      await decidePair(db, ctx, pairId, 'same');
      confirmed++;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      refused++;
    }
  }
  return { confirmed, refused };
}
