import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, RecordOrder, Stage } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { refreshItem, refreshStage } from './screening-items.js';
import { ensureSettingsRow, MAX_REVIEWERS_NEEDED, readSettings, RECALL_TARGETS, RECORD_ORDERS } from './screening-settings.js';

export interface SettingsChange {
  reviewersNeeded: number;
  blind: boolean;
  recordOrder: RecordOrder;
  orderSeed: number;
  maybeAdvances: boolean;
  arbiterId: number | null;
  /** The recall the stopping estimate aims for (relevance order); unchanged when left out. */
  recallTarget?: number;
}

/**
 * An owner's change to how a stage is screened. Items are re-derived when the number of reviewers
 * changes, re-sorted when the order does (a relevance order is then ranked by the ranker thread), and maybes move into or out of full text with the switch.
 */
export async function changeSettings(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }, stage: Stage, change: SettingsChange): Promise<void> {
  const errors: Record<string, string> = {};
  if (!Number.isInteger(change.reviewersNeeded) || change.reviewersNeeded < 1 || change.reviewersNeeded > MAX_REVIEWERS_NEEDED) {
    errors.reviewersNeeded = `Choose 1 to ${MAX_REVIEWERS_NEEDED} reviewers per record.`;
  }
  if (!RECORD_ORDERS.includes(change.recordOrder)) errors.recordOrder = 'Choose one of the orders offered.';
  if (change.recallTarget !== undefined && !RECALL_TARGETS.includes(change.recallTarget)) errors.recallTarget = 'Choose a recall target of 95% or 90%.';
  if (!Number.isSafeInteger(change.orderSeed) || change.orderSeed < 1 || change.orderSeed > 2 ** 31 - 1) errors.orderSeed = 'The seed is a whole number from 1 to 2147483647.';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);

  await db.transaction().execute(async (trx) => {
    if (change.arbiterId !== null) {
      const member = await trx.selectFrom('reviewMember').select('accountId').where('reviewId', '=', ctx.reviewId).where('accountId', '=', change.arbiterId).executeTakeFirst();
      if (!member) throw new ValidationError({ arbiterId: 'The arbiter must be a member of this review.' });
    }
    await ensureSettingsRow(trx, ctx.reviewId, stage);
    const before = await readSettings(trx, ctx.reviewId, stage);
    if (before.stoppedAt !== null && change.recordOrder !== 'relevance') {
      throw new ValidationError({ recordOrder: 'Screening was recorded as stopped on its stopping estimate: resume it on the screening page before changing the order.' });
    }
    const after = {
      reviewersNeeded: change.reviewersNeeded,
      blind: change.blind ? 1 : 0,
      recordOrder: change.recordOrder,
      orderSeed: change.orderSeed,
      maybeAdvances: change.maybeAdvances ? 1 : 0,
      arbiterId: change.arbiterId,
      recallTarget: change.recallTarget ?? before.recallTarget,
    };
    await trx.updateTable('screeningSetting').set(after).where('reviewId', '=', ctx.reviewId).where('stage', '=', stage).execute();
    const reordered = before.recordOrder !== after.recordOrder || before.orderSeed !== after.orderSeed;
    if (reordered || before.reviewersNeeded !== after.reviewersNeeded) await refreshStage(trx, ctx.reviewId, stage, { resort: reordered });
    if (stage === 'title_abstract' && before.maybeAdvances !== after.maybeAdvances) {
      const maybes = await trx.selectFrom('screeningItem').select('recordId').where('reviewId', '=', ctx.reviewId).where('stage', '=', stage).where('outcome', '=', 'maybe').execute();
      for (const { recordId } of maybes) await refreshItem(trx, ctx.reviewId, recordId, stage);
    }
    const { stage: _, ...old } = before;
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'screening.settings', entity: 'review', entityId: ctx.reviewId, before: { stage, ...old }, after: { stage, ...after } });
  });
}
