/**
 * The consensus of a double-coded study: once both passes are finished, either coder or an owner
 * builds the study's agreed coding (the coding everything later reads) by taking excerpts from
 * either pass as they are, and by editing, adding and applying codes on the study's coding page;
 * then declares the consensus complete. Until both passes are finished the agreed coding of a
 * double-coded study is closed, so nobody writes into it blind to half of the coding.
 *
 * ```ts
 * const agreedId = await takePassExcerpt(db, ctx, studyId, passExcerptId);
 * await completeConsensus(db, ctx, studyId);
 * ```
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { CodingContext } from '../coding/codebook-service.js';
import { addExcerpt } from '../coding/coding-service.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain-errors.js';
import { studyOfIncludedReport, type IncludedStudy } from '../studies/included-studies.js';
import { bothFinished, codingMode } from './pass-queries.js';
import { doubleCodedStudy, passRows } from './pass-service.js';

export interface ConsensusContext extends CodingContext {
  isOwner: boolean;
}

/** The study, when both its passes are finished and the actor is one of its coders or an owner. */
export async function consensusStudy(trx: Kysely<Database>, ctx: ConsensusContext, recordId: number): Promise<{ study: IncludedStudy; coders: Array<{ coderId: number; coderName: string }> }> {
  const study = await doubleCodedStudy(trx, ctx.reviewId, recordId);
  const passes = await passRows(trx, ctx.reviewId, study);
  if (!bothFinished(passes.map((p) => p.finishedAt !== null))) {
    throw new ValidationError({ consensus: 'The consensus opens once two coders have both finished their passes over this study.' });
  }
  if (!ctx.isOwner && !passes.some((p) => p.coderId === ctx.actorId)) throw new ForbiddenError('Only the study’s two coders or an owner reach its consensus.');
  return { study, coders: passes };
}

/** Copies an excerpt of either pass into the study's agreed coding as it is. Returns the agreed excerpt's id. */
export async function takePassExcerpt(db: Kysely<Database>, ctx: ConsensusContext, recordId: number, passExcerptId: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { study } = await consensusStudy(trx, ctx, recordId);
    const excerpt = await trx.selectFrom('passExcerpt').selectAll().where('reviewId', '=', ctx.reviewId).where('id', '=', passExcerptId).executeTakeFirst();
    if (!excerpt || !study.reports.some((r) => r.id === excerpt.recordId)) throw new NotFoundError('There is no such excerpt in the passes over this study.');
    if (excerpt.takenExcerptId !== null) throw new ValidationError({ excerpt: 'That excerpt is already in the agreed coding: edit it there.' });
    const coder = await trx.selectFrom('account').select('name').where('id', '=', excerpt.coderId).executeTakeFirstOrThrow();
    const codes = await trx.selectFrom('passExcerptCode').select('codeId').where('passExcerptId', '=', passExcerptId).orderBy('codeId').execute();
    const agreedId = await addExcerpt(trx, ctx, excerpt.recordId, {
      text: excerpt.text, location: excerpt.location, memo: excerpt.memo, language: excerpt.language, translation: excerpt.translation, translator: excerpt.translator,
      codeIds: codes.map((c) => c.codeId),
    });
    await trx.updateTable('passExcerpt').set({ takenExcerptId: agreedId }).where('id', '=', passExcerptId).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.consensus_take', entity: 'excerpt', entityId: agreedId, after: { recordId: excerpt.recordId, coderId: excerpt.coderId, coder: coder.name } });
    return agreedId;
  });
}

/** Declares the study's consensus complete; refused when it already is. */
export async function completeConsensus(db: Kysely<Database>, ctx: ConsensusContext, recordId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { study } = await consensusStudy(trx, ctx, recordId);
    const done = await trx.selectFrom('codingConsensus').select('recordId').where('recordId', 'in', study.reports.map((r) => r.id)).executeTakeFirst();
    if (done) throw new ValidationError({ consensus: 'The consensus on this study is already complete.' });
    await trx.insertInto('codingConsensus').values({ recordId: study.id, reviewId: ctx.reviewId, completedBy: ctx.actorId, completedAt: new Date().toISOString() }).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.consensus_complete', entity: 'study', entityId: study.id, after: { recordId: study.id } });
  });
}

/**
 * Whether the agreed coding of a study may be written now: always in shared mode; in double mode
 * once both passes are finished (the consensus). Refusals name why, for a 409.
 */
export async function agreedCodingClosed(db: Kysely<Database>, reviewId: number, recordId: number): Promise<string | null> {
  if ((await codingMode(db, reviewId)) !== 'double') return null;
  const study = await studyOfIncludedReport(db, reviewId, recordId);
  if (!study) return null;
  const passes = await passRows(db, reviewId, study);
  return bothFinished(passes.map((p) => p.finishedAt !== null))
    ? null
    : 'This study is coded by two coders independently: its agreed coding is built at the consensus, once both have finished their passes. Code in your own pass until then.';
}
