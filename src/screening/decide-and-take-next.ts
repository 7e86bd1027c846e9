/**
 * What the screening page does when a reviewer decides: their decision, and the next record chosen
 * and leased to them, in one write transaction. One commit per decision instead of two (the decision,
 * then the lease on the next record), so under load a decision waits for the write lock once.
 *
 * ```ts
 * const next = await decideAndTakeNext(db, ctx, { recordId, stage, decision: 'include', reasonId: null, note: '', labels: [] }, Date.now());
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { claimNextWithin } from './screening-lease.js';
import { queuePosition, seekerOf } from './screening-queue.js';
import { decideWithin, type DecisionInput, type ScreeningContext } from './screening-service.js';
import { readSettings } from './screening-settings.js';

/** Returns the record now leased to the reviewer (the first free one after the decided record), or null when none is free. */
export async function decideAndTakeNext(db: Kysely<Database>, ctx: ScreeningContext, input: DecisionInput, now: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    await decideWithin(trx, ctx, input);
    const settings = await readSettings(trx, ctx.reviewId, input.stage);
    const seeker = seekerOf(settings, { reviewId: ctx.reviewId, stage: input.stage, reviewerId: ctx.actorId }, now);
    return claimNextWithin(trx, seeker, await queuePosition(trx, ctx.reviewId, input.stage, input.recordId));
  });
}
