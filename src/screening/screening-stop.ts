/**
 * An owner records that title/abstract screening stopped on its stopping estimate (relevance
 * order, the test reached the stage's recall target on the current ranking, no record waiting for
 * a second decision), or takes that back. The stop covers the records imported up to it
 * (stopped_through): while it stands nobody is offered those left, and PRISMA counts them as
 * marked ineligible by an automation tool (prisma-counts.ts); records imported later are offered
 * and screened as ever. Both are in the history.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { readRankingState } from '../ranker/ranking-state.js';
import { readSettings } from './screening-settings.js';

const TA = 'title_abstract' as const;
function refuse(message: string): never {
  throw new ValidationError({ stop: message });
}

export async function stopScreening(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const settings = await readSettings(trx, ctx.reviewId, TA);
    if (settings.stoppedAt !== null) return;
    if (settings.recordOrder !== 'relevance') refuse('Screening can be stopped on the stopping estimate only in relevance order.');
    const state = await readRankingState(trx, ctx.reviewId, TA);
    if (state.updating) refuse('The stopping estimate is being brought up to date with the latest decisions: try again in a moment.');
    const halfDecided = await trx
      .selectFrom('screeningItem as i')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.reviewId', '=', ctx.reviewId)
      .where('i.stage', '=', TA)
      .where('i.status', '=', 'open')
      .where('i.active', '=', 1)
      .where((eb) => eb.exists(eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'i.recordId').where('d.stage', '=', TA)))
      .executeTakeFirstOrThrow();
    if (halfDecided.n > 0) refuse(halfDecided.n === 1 ? 'One record has some but not all of the decisions it needs: finish it before stopping.' : `${halfDecided.n} records have some but not all of the decisions they need: finish them before stopping.`);
    const estimate = state.estimate;
    if (!estimate?.targetReached || estimate.recallTarget !== settings.recallTarget) {
      refuse(`The stopping test has not shown recall of at least ${Math.round(settings.recallTarget * 100)}% yet, so screening cannot be recorded as stopped on it.`);
    }
    const newest = await trx.selectFrom('record').select((eb) => eb.fn.max('id').as('id')).where('reviewId', '=', ctx.reviewId).executeTakeFirst();
    const stoppedAt = new Date().toISOString();
    await trx.updateTable('screeningSetting').set({ stoppedAt, stoppedBy: ctx.actorId, stoppedThrough: newest?.id ?? 0 }).where('reviewId', '=', ctx.reviewId).where('stage', '=', TA).execute();
    await recordAudit(trx, {
      actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'screening.stopped', entity: 'review', entityId: ctx.reviewId, before: null,
      after: { screened: estimate.screened, total: estimate.total, relevantFound: estimate.relevantFound, pValue: estimate.pValue, recallTarget: estimate.recallTarget },
    });
  });
}

export async function resumeScreening(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const settings = await readSettings(trx, ctx.reviewId, TA);
    if (settings.stoppedAt === null) return;
    await trx.updateTable('screeningSetting').set({ stoppedAt: null, stoppedBy: null, stoppedThrough: null }).where('reviewId', '=', ctx.reviewId).where('stage', '=', TA).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'screening.resumed', entity: 'review', entityId: ctx.reviewId, before: { stoppedAt: settings.stoppedAt }, after: null });
  });
}
