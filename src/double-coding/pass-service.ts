/**
 * Independent double coding: the review's coding mode, and each coder's own pass over a study (codes
 * on the study, excerpts with their codes) until they finish it. A study takes two passes by two
 * different members, the first two to write; a third is refused, and an owner frees a place by
 * removing a pass not yet finished. Every write is one transaction with its audit event; the events
 * of a pass say that it changed, never what it holds, since the history is open to the other coder.
 *
 * ```ts
 * await setCodingMode(db, ctx, 'double');
 * const id = await addPassExcerpt(db, ctx, studyId, { text, location: 'p. 4', memo: '', codeIds: [3] });
 * await setPassCode(db, ctx, studyId, 7, true);
 * await finishPass(db, ctx, studyId);
 * ```
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { CodingContext } from '../coding/codebook-service.js';
import { checkedExcerpt, type ExcerptInput } from '../coding/coding-service.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { studyOfIncludedReport, type IncludedStudy } from '../studies/included-studies.js';
import type { CodingMode } from './double-coding-tables.js';
import { codingMode } from './pass-queries.js';

/** Sets the review's coding mode (the routes let owners only). Returns false when it already was so. */
export async function setCodingMode(db: Kysely<Database>, ctx: CodingContext, mode: CodingMode): Promise<boolean> {
  if (mode !== 'shared' && mode !== 'double') throw new ValidationError({ mode: 'Choose shared coding or independent double coding.' });
  return inTransaction(db, async (trx) => {
    const before = await codingMode(trx, ctx.reviewId);
    if (before === mode) return false;
    const values = { mode, updatedBy: ctx.actorId, updatedAt: new Date().toISOString() };
    await trx.insertInto('codingSetting').values({ reviewId: ctx.reviewId, ...values }).onConflict((oc) => oc.column('reviewId').doUpdateSet(values)).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.mode', entity: 'review', entityId: ctx.reviewId, before: { mode: before }, after: { mode } });
    return true;
  });
}

/** The included study `recordId` is a report of, in a review coding in double mode. */
export async function doubleCodedStudy(trx: Kysely<Database>, reviewId: number, recordId: number): Promise<IncludedStudy> {
  const study = await studyOfIncludedReport(trx, reviewId, recordId);
  if (!study) throw new NotFoundError(`Record #${recordId} is not an included study of this review.`);
  if ((await codingMode(trx, reviewId)) !== 'double') {
    throw new ValidationError({ mode: 'This review codes in shared mode: everyone codes the study’s one coding. An owner can switch to independent double coding on the coding page.' });
  }
  return study;
}

interface PassRow {
  recordId: number;
  coderId: number;
  finishedAt: string | null;
}

export async function passRows(trx: Kysely<Database>, reviewId: number, study: IncludedStudy): Promise<Array<PassRow & { coderName: string }>> {
  return trx
    .selectFrom('codingPass as p')
    .innerJoin('account as a', 'a.id', 'p.coderId')
    .select(['p.recordId', 'p.coderId', 'p.finishedAt', 'a.name as coderName'])
    .where('p.reviewId', '=', reviewId)
    .where('p.recordId', 'in', study.reports.map((r) => r.id))
    .orderBy('p.startedAt')
    .execute();
}

/**
 * The actor's pass over the study, begun now when they have none and a place is free. Refused when
 * two others hold the study's passes, and when theirs is finished (a finished pass no longer changes).
 */
async function openPass(trx: Kysely<Database>, ctx: CodingContext, recordId: number): Promise<{ study: IncludedStudy; pass: PassRow }> {
  const study = await doubleCodedStudy(trx, ctx.reviewId, recordId);
  const passes = await passRows(trx, ctx.reviewId, study);
  const mine = passes.find((p) => p.coderId === ctx.actorId);
  if (mine) {
    if (mine.finishedAt !== null) throw new ValidationError({ pass: 'You have finished your pass over this study: it no longer changes. The agreed coding is built at the consensus.' });
    return { study, pass: mine };
  }
  if (passes.length >= 2) {
    throw new ValidationError({ pass: `Two members already code this study (${passes.map((p) => p.coderName).join(' and ')}): a third pass is not possible. An owner can free a place by removing a pass that is not finished.` });
  }
  const pass = { recordId: study.id, coderId: ctx.actorId, finishedAt: null };
  await trx.insertInto('codingPass').values({ ...pass, reviewId: ctx.reviewId, startedAt: new Date().toISOString() }).execute();
  return { study, pass };
}

/** The history keeps that a pass changed and how, not its content: the other coder reads the history too. */
async function auditPass(trx: Kysely<Database>, ctx: CodingContext, recordId: number, change: string): Promise<void> {
  await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.pass_edit', entity: 'study', entityId: recordId, after: { recordId, change } });
}

async function checkedCode(trx: Kysely<Database>, reviewId: number, codeId: number): Promise<void> {
  const code = Number.isSafeInteger(codeId) && codeId > 0 ? await trx.selectFrom('code').select('id').where('reviewId', '=', reviewId).where('id', '=', codeId).executeTakeFirst() : undefined;
  if (!code) throw new ValidationError({ code: 'That code is not in this review’s codebook (it may have been merged or deleted): reload the page.' });
}

/** Applies a code to the study in the actor's pass (applied true) or removes it. Returns false when it already was so. */
export async function setPassCode(db: Kysely<Database>, ctx: CodingContext, recordId: number, codeId: number, applied: boolean): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const { pass } = await openPass(trx, ctx, recordId);
    await checkedCode(trx, ctx.reviewId, codeId);
    const key = { recordId: pass.recordId, coderId: pass.coderId, codeId };
    const existing = await trx.selectFrom('passStudyCode').select('codeId').where('recordId', '=', key.recordId).where('coderId', '=', key.coderId).where('codeId', '=', codeId).executeTakeFirst();
    if ((existing !== undefined) === applied) return false;
    if (applied) await trx.insertInto('passStudyCode').values({ ...key, reviewId: ctx.reviewId, createdAt: new Date().toISOString() }).execute();
    else await trx.deleteFrom('passStudyCode').where('recordId', '=', key.recordId).where('coderId', '=', key.coderId).where('codeId', '=', codeId).execute();
    await auditPass(trx, ctx, pass.recordId, applied ? 'code applied' : 'code removed');
    return true;
  });
}

async function writePassExcerptCodes(trx: Kysely<Database>, passExcerptId: number, codeIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('passExcerptCode').where('passExcerptId', '=', passExcerptId).execute();
  if (codeIds.length > 0) await trx.insertInto('passExcerptCode').values(codeIds.map((codeId) => ({ passExcerptId, codeId }))).execute();
}

/** Adds an excerpt to the actor's pass over the study. Returns its id. */
export async function addPassExcerpt(db: Kysely<Database>, ctx: CodingContext, recordId: number, input: ExcerptInput): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { pass } = await openPass(trx, ctx, recordId);
    const value = await checkedExcerpt(trx, ctx.reviewId, input);
    const { id } = await trx
      .insertInto('passExcerpt')
      .values({
        reviewId: ctx.reviewId, recordId: pass.recordId, coderId: pass.coderId, text: value.text, location: value.location, memo: value.memo,
        language: value.language, translation: value.translation, translator: value.translator, createdAt: new Date().toISOString(), takenExcerptId: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writePassExcerptCodes(trx, id, value.codes.map((c) => c.id));
    await auditPass(trx, ctx, pass.recordId, 'excerpt added');
    return id;
  });
}

/** One of the actor's own pass excerpts on this study; anyone else's, or another study's, is not found. */
async function ownPassExcerpt(trx: Kysely<Database>, pass: PassRow, passExcerptId: number): Promise<void> {
  const row = await trx.selectFrom('passExcerpt').select('id').where('id', '=', passExcerptId).where('recordId', '=', pass.recordId).where('coderId', '=', pass.coderId).executeTakeFirst();
  if (!row) throw new NotFoundError('There is no such excerpt in your pass over this study.');
}

/** Changes an excerpt of the actor's pass. */
export async function editPassExcerpt(db: Kysely<Database>, ctx: CodingContext, recordId: number, passExcerptId: number, input: ExcerptInput): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { pass } = await openPass(trx, ctx, recordId);
    await ownPassExcerpt(trx, pass, passExcerptId);
    const value = await checkedExcerpt(trx, ctx.reviewId, input);
    await trx
      .updateTable('passExcerpt')
      .set({ text: value.text, location: value.location, memo: value.memo, language: value.language, translation: value.translation, translator: value.translator })
      .where('id', '=', passExcerptId)
      .execute();
    await writePassExcerptCodes(trx, passExcerptId, value.codes.map((c) => c.id));
    await auditPass(trx, ctx, pass.recordId, 'excerpt edited');
  });
}

/** Deletes an excerpt of the actor's pass. */
export async function deletePassExcerpt(db: Kysely<Database>, ctx: CodingContext, recordId: number, passExcerptId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { pass } = await openPass(trx, ctx, recordId);
    await ownPassExcerpt(trx, pass, passExcerptId);
    await trx.deleteFrom('passExcerpt').where('id', '=', passExcerptId).execute();
    await auditPass(trx, ctx, pass.recordId, 'excerpt deleted');
  });
}

/** "I have finished coding this study": the pass no longer changes; begun now when the coder found nothing to code. */
export async function finishPass(db: Kysely<Database>, ctx: CodingContext, recordId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { pass } = await openPass(trx, ctx, recordId);
    await trx.updateTable('codingPass').set({ finishedAt: new Date().toISOString() }).where('recordId', '=', pass.recordId).where('coderId', '=', pass.coderId).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.pass_finish', entity: 'study', entityId: pass.recordId, after: { recordId: pass.recordId } });
  });
}

/** Removes a coder's unfinished pass with its content, freeing the place (owners only: the routes check). */
export async function removePass(db: Kysely<Database>, ctx: CodingContext, recordId: number, coderId: number): Promise<string> {
  return inTransaction(db, async (trx) => {
    const study = await doubleCodedStudy(trx, ctx.reviewId, recordId);
    const pass = (await passRows(trx, ctx.reviewId, study)).find((p) => p.coderId === coderId);
    if (!pass) throw new NotFoundError('That member has no pass over this study.');
    if (pass.finishedAt !== null) throw new ValidationError({ pass: `${pass.coderName} has finished their pass: a finished pass stays, for the consensus and the agreement.` });
    // Its excerpts' codes go with them (ON DELETE CASCADE).
    for (const table of ['passExcerpt', 'passStudyCode', 'codingPass'] as const) await trx.deleteFrom(table).where('recordId', '=', pass.recordId).where('coderId', '=', coderId).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.pass_remove', entity: 'study', entityId: pass.recordId, before: { recordId: pass.recordId, coderId, coder: pass.coderName } });
    return pass.coderName;
  });
}
