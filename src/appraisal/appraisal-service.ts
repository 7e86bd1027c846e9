/**
 * Writing appraisal: the review's setting and custom instrument (owners), each appraiser's
 * appraisal of a study (any member, blind from the other until both finish when two appraise) and
 * the consensus. Each call is one transaction with its audit event. A study's rows are written
 * under its id (its lead report) and an appraiser's earlier row on another of its reports moves
 * there, so each person keeps one appraisal per study however its reports are grouped.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { studyOfIncludedReport, type IncludedStudy } from '../studies/included-studies.js';
import { checkAppraisal, type AppraisalValue } from './appraisal-rules.js';
import { appraisalSetting, appraisalsOfStudies, customInstrumentOf, studyInstrumentKey, type StudyAppraisals } from './appraisal-queries.js';
import { CUSTOM_KEY, parseCustomInstrument, type CustomInstrumentDraft } from './instruments/custom-instrument.js';
import type { Instrument } from './instruments/instrument-model.js';
import { INSTRUMENT_KEYS, instrumentFor } from './instruments/instrument-registry.js';

export interface AppraisalContext {
  reviewId: number;
  actorId: number;
  isOwner: boolean;
}

/** The included study a record is a report of: 404 outside the review, 422 (ValidationError) when not included. */
export async function includedStudyOf(db: Kysely<Database>, reviewId: number, recordId: number): Promise<IncludedStudy> {
  const record = await db.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('id', '=', recordId).executeTakeFirst();
  if (!record) throw new NotFoundError('There is no such record in this review.');
  const study = await studyOfIncludedReport(db, reviewId, recordId);
  if (!study) throw new ValidationError({ study: `Record #${recordId} is not an included study: only studies included at full text are appraised.` });
  return study;
}

/** The study's appraisals and the instrument they use (or will use). */
export async function studyAppraisalState(db: Kysely<Database>, reviewId: number, study: IncludedStudy) {
  const [setting, custom, states] = await Promise.all([appraisalSetting(db, reviewId), customInstrumentOf(db, reviewId), appraisalsOfStudies(db, reviewId, [study])]);
  const state = states.get(study.id)!;
  const instrumentKey = studyInstrumentKey(state, setting);
  return { setting, custom, state, instrumentKey, instrument: instrumentFor(instrumentKey, custom) };
}

function requireInstrument(instrument: Instrument | null): Instrument {
  if (!instrument) throw new ValidationError({ instrument: 'The review uses a custom instrument that is not defined yet: an owner defines it in the appraisal settings.' });
  return instrument;
}

const sameValue = (a: AppraisalValue, b: AppraisalValue) => JSON.stringify([a.category, a.answers, a.overall, a.note]) === JSON.stringify([b.category, b.answers, b.overall, b.note]);

/** Refuses a new appraiser beyond what the review allows on this study. */
function assertMayAppraise(state: StudyAppraisals, appraisers: 1 | 2, actorId: number): void {
  if (state.appraisals.some((a) => a.appraiserId === actorId)) return;
  const others = state.appraisals.length;
  if (appraisers === 1 && others >= 1) throw new ValidationError({ appraiser: `${state.appraisals[0]!.appraiserName} already appraises this study, and the review has one appraiser per study.` });
  if (others >= 2) throw new ValidationError({ appraiser: 'Two people already appraise this study.' });
}

/**
 * Saves the actor's appraisal of a study (`finish`: hands it in, which needs every answer and the
 * overall judgement). A finished appraisal no longer changes: the consensus records corrections.
 * Returns false when nothing changed.
 */
export async function saveAppraisal(db: Kysely<Database>, ctx: AppraisalContext, recordId: number, input: AppraisalValue, finish: boolean): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const study = await includedStudyOf(trx, ctx.reviewId, recordId);
    const { setting, state, instrumentKey, instrument } = await studyAppraisalState(trx, ctx.reviewId, study);
    const checked = checkAppraisal(requireInstrument(instrument), input, finish);
    const mine = state.appraisals.find((a) => a.appraiserId === ctx.actorId);
    if (mine?.finished) throw new ValidationError({ finish: 'You finished this appraisal: it no longer changes. Differences are settled in the consensus.' });
    assertMayAppraise(state, setting.appraisers, ctx.actorId);
    if (mine && !finish && sameValue(mine, checked)) return false;
    const now = new Date().toISOString();
    await trx.deleteFrom('studyAppraisal').where('appraiserId', '=', ctx.actorId).where('recordId', 'in', study.reports.map((r) => r.id)).execute();
    await trx
      .insertInto('studyAppraisal')
      .values({
        reviewId: ctx.reviewId,
        recordId: study.id,
        appraiserId: ctx.actorId,
        instrument: instrumentKey,
        category: checked.category,
        answersJson: JSON.stringify(checked.answers),
        overall: checked.overall,
        note: checked.note,
        finishedAt: finish ? now : null,
        updatedAt: now,
      })
      .execute();
    const snapshot = (v: AppraisalValue) => ({ instrument: instrumentKey, category: v.category, answers: v.answers, overall: v.overall, note: v.note });
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: finish ? 'appraisal.finish' : 'appraisal.save',
      entity: 'study',
      entityId: study.id,
      before: mine ? snapshot(mine) : undefined,
      after: snapshot(checked),
    });
    return true;
  });
}

/**
 * Records what the two appraisers agreed (every answer and the overall judgement), once two
 * appraisals are finished; by one of them or an owner. Recording it again replaces it.
 */
export async function recordConsensus(db: Kysely<Database>, ctx: AppraisalContext, recordId: number, input: AppraisalValue): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const study = await includedStudyOf(trx, ctx.reviewId, recordId);
    const { state, instrumentKey, instrument } = await studyAppraisalState(trx, ctx.reviewId, study);
    const finished = state.appraisals.filter((a) => a.finished);
    if (finished.length < 2) throw new ValidationError({ consensus: 'The consensus comes after two appraisers have both finished their appraisals of this study.' });
    if (!ctx.isOwner && !state.appraisals.some((a) => a.appraiserId === ctx.actorId)) {
      throw new ValidationError({ consensus: 'The consensus is recorded by one of the study’s appraisers or an owner of the review.' });
    }
    const checked = checkAppraisal(requireInstrument(instrument), input, true);
    const before = state.consensus;
    if (before && sameValue(before, checked)) return false;
    const now = new Date().toISOString();
    await trx.deleteFrom('appraisalConsensus').where('recordId', 'in', study.reports.map((r) => r.id)).execute();
    await trx
      .insertInto('appraisalConsensus')
      .values({ recordId: study.id, reviewId: ctx.reviewId, instrument: instrumentKey, category: checked.category, answersJson: JSON.stringify(checked.answers), overall: checked.overall, note: checked.note, decidedBy: ctx.actorId, decidedAt: now })
      .execute();
    const snapshot = (v: AppraisalValue) => ({ instrument: instrumentKey, category: v.category, answers: v.answers, overall: v.overall, note: v.note });
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'appraisal.consensus',
      entity: 'study',
      entityId: study.id,
      before: before ? snapshot(before) : undefined,
      after: snapshot(checked),
    });
    return true;
  });
}

/** Sets the review's instrument and one or two appraisers per study (owners). Returns false when already so. */
export async function saveAppraisalSetting(db: Kysely<Database>, ctx: AppraisalContext, instrument: string, appraisers: number): Promise<boolean> {
  if (!(INSTRUMENT_KEYS as readonly string[]).includes(instrument)) throw new ValidationError({ instrument: 'Choose one of the instruments offered.' });
  if (appraisers !== 1 && appraisers !== 2) throw new ValidationError({ appraisers: 'Choose one or two appraisers per study.' });
  return inTransaction(db, async (trx) => {
    if (instrument === CUSTOM_KEY && !(await customInstrumentOf(trx, ctx.reviewId))) {
      throw new ValidationError({ instrument: 'Define the custom instrument (below) before choosing it.' });
    }
    const before = await appraisalSetting(trx, ctx.reviewId);
    if (before.instrument === instrument && before.appraisers === appraisers) {
      const stored = await trx.selectFrom('appraisalSetting').select('reviewId').where('reviewId', '=', ctx.reviewId).executeTakeFirst();
      if (stored) return false;
    }
    if (before.appraisers === 2 && appraisers === 1) {
      // One appraiser sees every answer and makes it final: that would unblind a pair still at work.
      const open = await trx
        .selectFrom('studyAppraisal as a')
        .select((eb) => eb.fn.count<number>('a.recordId').distinct().as('n'))
        .where('a.reviewId', '=', ctx.reviewId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('appraisalConsensus as c').select('c.recordId').whereRef('c.recordId', '=', 'a.recordId'))))
        .executeTakeFirstOrThrow();
      const n = Number(open.n);
      if (n > 0) {
        throw new ValidationError({
          appraisers: `${n === 1 ? '1 study is' : `${n} studies are`} being appraised by two people without a consensus yet: record ${n === 1 ? 'its' : 'their'} consensus first. With one appraiser each would see the other's answers, and the first appraisal would count as final.`,
        });
      }
    }
    const values = { instrument, appraisers, updatedBy: ctx.actorId, updatedAt: new Date().toISOString() };
    await trx.insertInto('appraisalSetting').values({ reviewId: ctx.reviewId, ...values }).onConflict((oc) => oc.column('reviewId').doUpdateSet(values)).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'appraisal.settings', entity: 'review', entityId: ctx.reviewId, before, after: { instrument, appraisers } });
    return true;
  });
}

/**
 * Defines or rewrites the review's custom instrument (owners). Answers already given follow their
 * question's and option's position, so a question or option that answers use cannot be removed.
 */
export async function saveCustomInstrument(db: Kysely<Database>, ctx: AppraisalContext, draft: CustomInstrumentDraft): Promise<boolean> {
  const value = parseCustomInstrument(draft);
  return inTransaction(db, async (trx) => {
    const before = await customInstrumentOf(trx, ctx.reviewId);
    const used = await Promise.all([
      trx.selectFrom('studyAppraisal').select('answersJson').where('reviewId', '=', ctx.reviewId).where('instrument', '=', CUSTOM_KEY).execute(),
      trx.selectFrom('appraisalConsensus').select('answersJson').where('reviewId', '=', ctx.reviewId).where('instrument', '=', CUSTOM_KEY).execute(),
    ]);
    const questionIds = new Set(value.questions.map((q) => q.id));
    const answerKeys = new Set(value.answers.map((a) => a.key));
    for (const { answersJson } of used.flat()) {
      for (const [id, answer] of Object.entries(JSON.parse(answersJson) as Record<string, { answer: string }>)) {
        if (!questionIds.has(id)) throw new ValidationError({ questions: `Question ${id.slice(1)} is answered in appraisals already: keep at least ${id.slice(1)} questions (reword them freely).` });
        if (answer.answer && !answerKeys.has(answer.answer)) throw new ValidationError({ answers: `Answer ${answer.answer.slice(1)} is given in appraisals already: keep at least ${answer.answer.slice(1)} answers (reword them freely).` });
      }
    }
    if (before && JSON.stringify(before) === JSON.stringify(value)) return false;
    const values = { name: value.name, questionsJson: JSON.stringify(value.questions), answersJson: JSON.stringify(value.answers), updatedBy: ctx.actorId, updatedAt: new Date().toISOString() };
    await trx.insertInto('appraisalCustomInstrument').values({ reviewId: ctx.reviewId, ...values }).onConflict((oc) => oc.column('reviewId').doUpdateSet(values)).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'appraisal.instrument', entity: 'review', entityId: ctx.reviewId, before: before ?? undefined, after: value });
    return true;
  });
}
