/**
 * Coding the included studies: codes applied to a study as a whole, excerpts (a quoted passage,
 * where it stands, its codes, a memo) and one memo per study. Any member of the review codes.
 * Each call is one transaction that writes its audit event (who, what, before → after) and keeps
 * the dashboard counters `studies_coded` (included studies with at least one code or excerpt) and
 * `excerpts` exact.
 *
 * ```ts
 * await setStudyCode(db, ctx, recordId, codeId, true);          // apply (false: remove)
 * const id = await addExcerpt(db, ctx, recordId, { text, location: 'p. 12', memo: '', codeIds: [3, 7] });
 * // Quoted in the original, with its translation and who made it:
 * await addExcerpt(db, ctx, recordId, { text: 'Il lavoro mi ha dato…', language: 'it', translation: 'Work gave me…', translator: 'Anna Rossi', location: '', memo: '', codeIds: [3] });
 * await editExcerpt(db, ctx, id, { text, location, memo, codeIds });
 * await deleteExcerpt(db, ctx, id);
 * await setStudyMemo(db, ctx, recordId, 'Strong on governance, thin on outcomes.');
 * ```
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import { isIncludedReport } from '../studies/included-studies.js';
import type { CodingContext } from './codebook-service.js';
import { excerptLanguage, languageName, REVIEW_LANGUAGE } from './excerpt-language.js';

export const MAX_EXCERPT_TEXT = 20_000;
export const MAX_LOCATION = 100;
export const MAX_EXCERPT_MEMO = 5_000;
export const MAX_STUDY_MEMO = 20_000;
/** More codes on one excerpt than any framework would use; a guard against crafted forms. */
export const MAX_EXCERPT_CODES = 200;
/** A translation may run longer than its original; the same bound as the text, rounded up. */
export const MAX_TRANSLATION = 25_000;
export const MAX_TRANSLATOR = 200;

export interface ExcerptInput {
  text: string;
  location: string;
  memo: string;
  codeIds: number[];
  /** The text's language, a BCP 47 tag ("it", "sv"); left out or '': the review's language. */
  language?: string;
  /** The text in the review's language, only for a passage quoted in another. */
  translation?: string;
  /** Who translated it, as free text: "Anna Rossi", "DeepL, checked by Anna Rossi". */
  translator?: string;
}

/** The record must be in the review (404 otherwise) and an included study (422: only those are coded). */
export async function assertIncludedStudy(db: Kysely<Database>, reviewId: number, recordId: number): Promise<void> {
  const record = await db.selectFrom('record').select(['id', 'duplicateOf']).where('reviewId', '=', reviewId).where('id', '=', recordId).executeTakeFirst();
  if (!record) throw new NotFoundError('There is no such record in this review.');
  if (!(await isIncludedReport(db, reviewId, recordId))) {
    throw new ValidationError({
      study: record.duplicateOf !== null
        ? `Record #${recordId} is a duplicate: code its primary record, #${record.duplicateOf}, instead.`
        : `Record #${recordId} is not an included study: only records included at full text are coded.`,
    });
  }
}

/** Whether a study counts as coded: at least one code on it or one excerpt. */
async function isCoded(trx: Kysely<Database>, recordId: number): Promise<boolean> {
  const code = await trx.selectFrom('studyCode').select('codeId').where('recordId', '=', recordId).limit(1).executeTakeFirst();
  if (code) return true;
  const excerpt = await trx.selectFrom('excerpt').select('id').where('recordId', '=', recordId).limit(1).executeTakeFirst();
  return excerpt !== undefined;
}

/** Runs a change to one study's coding and moves `studies_coded` when the study became (un)coded. */
async function changingStudy<T>(trx: Kysely<Database>, ctx: CodingContext, recordId: number, change: () => Promise<T>): Promise<T> {
  const before = await isCoded(trx, recordId);
  const result = await change();
  const after = await isCoded(trx, recordId);
  if (before !== after) await bumpCounter(trx, ctx.reviewId, COUNTERS.studiesCoded, after ? 1 : -1);
  return result;
}

/** The codes, which must all be this review's; returns them ascending with their names for the history. */
async function reviewCodes(trx: Kysely<Database>, reviewId: number, codeIds: readonly number[], field: string): Promise<Array<{ id: number; name: string }>> {
  const ids = [...new Set(codeIds)];
  if (ids.length === 0) return [];
  if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new ValidationError({ [field]: 'Choose codes from this review’s codebook.' });
  const rows = await trx.selectFrom('code').select(['id', 'name']).where('reviewId', '=', reviewId).where('id', 'in', ids).orderBy('id').execute();
  if (rows.length !== ids.length) throw new ValidationError({ [field]: 'That code is not in this review’s codebook (it may have been merged or deleted): reload the page.' });
  return rows;
}

/** Applies a code to a study as a whole (applied true) or removes it. Returns false when it already was so. */
export async function setStudyCode(db: Kysely<Database>, ctx: CodingContext, recordId: number, codeId: number, applied: boolean): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await assertIncludedStudy(trx, ctx.reviewId, recordId);
    const [code] = await reviewCodes(trx, ctx.reviewId, [codeId], 'code');
    const existing = await trx.selectFrom('studyCode').select('codeId').where('recordId', '=', recordId).where('codeId', '=', codeId).executeTakeFirst();
    if ((existing !== undefined) === applied) return false;
    await changingStudy(trx, ctx, recordId, async () => {
      if (applied) {
        await trx.insertInto('studyCode').values({ recordId, codeId, reviewId: ctx.reviewId, createdBy: ctx.actorId, createdAt: new Date().toISOString() }).execute();
      } else {
        await trx.deleteFrom('studyCode').where('recordId', '=', recordId).where('codeId', '=', codeId).execute();
      }
    });
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: applied ? 'coding.apply' : 'coding.remove',
      entity: 'study',
      entityId: recordId,
      before: applied ? undefined : { codeId, code: code!.name },
      after: applied ? { codeId, code: code!.name } : undefined,
    });
    return true;
  });
}

/** The excerpt as stored: text kept as written (line breaks as \n, ends trimmed), every problem at once (coding passes check theirs alike). */
export async function checkedExcerpt(trx: Kysely<Database>, reviewId: number, input: ExcerptInput) {
  const errors: FieldErrors = {};
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  const location = input.location.replace(/\s+/g, ' ').trim();
  const memo = input.memo.replace(/\r\n?/g, '\n').trim();
  if (text === '') errors.text = 'Paste or type the quoted text.';
  else if (text.length > MAX_EXCERPT_TEXT) errors.text = `Keep the quoted text under ${MAX_EXCERPT_TEXT.toLocaleString('en-GB')} characters (it has ${text.length.toLocaleString('en-GB')}): split it into two excerpts.`;
  if (location.length > MAX_LOCATION) errors.location = `Keep the page or location under ${MAX_LOCATION} characters.`;
  if (memo.length > MAX_EXCERPT_MEMO) errors.memo = `Keep the memo under ${MAX_EXCERPT_MEMO.toLocaleString('en-GB')} characters.`;
  if (input.codeIds.length === 0) errors.codeIds = 'Choose at least one code for the excerpt.';
  else if (input.codeIds.length > MAX_EXCERPT_CODES) errors.codeIds = `Choose at most ${MAX_EXCERPT_CODES} codes.`;
  const languages = checkedLanguages(input, errors);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  const codes = await reviewCodes(trx, reviewId, input.codeIds, 'codeIds');
  return { text, location, memo, ...languages, codes };
}

/** The language, translation and translator as stored ('' when none), their problems added to `errors`. */
function checkedLanguages(input: ExcerptInput, errors: FieldErrors): { language: string; translation: string; translator: string } {
  const typed = (input.language ?? '').trim();
  const checked = excerptLanguage(typed);
  const language = 'tag' in checked ? checked.tag : '';
  const translation = (input.translation ?? '').replace(/\r\n?/g, '\n').trim();
  const translator = (input.translator ?? '').replace(/\s+/g, ' ').trim();
  if ('problem' in checked) errors.language = checked.problem;
  if (translation.length > MAX_TRANSLATION) {
    errors.translation = `Keep the translation under ${MAX_TRANSLATION.toLocaleString('en-GB')} characters (it has ${translation.length.toLocaleString('en-GB')}).`;
  } else if (translation !== '' && 'tag' in checked && language === '') {
    errors.translation = typed === ''
      ? 'Say which language the original is in: a translation goes with a passage quoted in another language.'
      : `The passage is in ${languageName(REVIEW_LANGUAGE)}, the review’s language, so there is nothing to translate: choose the original’s language, or remove the translation.`;
  }
  if (translator.length > MAX_TRANSLATOR) errors.translator = `Keep the translator under ${MAX_TRANSLATOR} characters.`;
  else if (translator !== '' && translation === '') errors.translator = 'Add the translation too: the translator is who made it.';
  return { language, translation, translator };
}

/** What the history keeps of an excerpt. */
const excerptFacts = (e: { text: string; location: string; memo: string; language: string; translation: string; translator: string }, codes: ReadonlyArray<{ name: string }>) => ({
  text: e.text, location: e.location, memo: e.memo, language: e.language, translation: e.translation, translator: e.translator, codes: codes.map((c) => c.name),
});

async function writeExcerptCodes(trx: Kysely<Database>, excerptId: number, codeIds: readonly number[]): Promise<void> {
  await trx.deleteFrom('excerptCode').where('excerptId', '=', excerptId).execute();
  if (codeIds.length > 0) await trx.insertInto('excerptCode').values(codeIds.map((codeId) => ({ excerptId, codeId }))).execute();
}

/** Adds an excerpt to an included study. Returns its id. */
export async function addExcerpt(db: Kysely<Database>, ctx: CodingContext, recordId: number, input: ExcerptInput): Promise<number> {
  return inTransaction(db, async (trx) => {
    await assertIncludedStudy(trx, ctx.reviewId, recordId);
    const value = await checkedExcerpt(trx, ctx.reviewId, input);
    const now = new Date().toISOString();
    const id = await changingStudy(trx, ctx, recordId, async () => {
      const { id } = await trx
        .insertInto('excerpt')
        .values({
          reviewId: ctx.reviewId, recordId, text: value.text, location: value.location, memo: value.memo,
          language: value.language, translation: value.translation, translator: value.translator,
          createdBy: ctx.actorId, createdAt: now, updatedBy: ctx.actorId, updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeExcerptCodes(trx, id, value.codes.map((c) => c.id));
      return id;
    });
    await bumpCounter(trx, ctx.reviewId, COUNTERS.excerpts, 1);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'excerpt.add',
      entity: 'excerpt',
      entityId: id,
      after: { recordId, ...excerptFacts(value, value.codes) },
    });
    return id;
  });
}

async function findExcerpt(trx: Kysely<Database>, reviewId: number, excerptId: number) {
  const excerpt = await trx.selectFrom('excerpt').select(['id', 'recordId', 'text', 'location', 'memo', 'language', 'translation', 'translator']).where('reviewId', '=', reviewId).where('id', '=', excerptId).executeTakeFirst();
  if (!excerpt) throw new NotFoundError('There is no such excerpt in this review (it may have been deleted).');
  const codes = await trx
    .selectFrom('excerptCode as ec')
    .innerJoin('code as c', 'c.id', 'ec.codeId')
    .select(['c.id', 'c.name'])
    .where('ec.excerptId', '=', excerptId)
    .orderBy('c.id')
    .execute();
  return { ...excerpt, codes };
}

/** Changes an excerpt's text, location, memo, codes, language and translation. Returns false when nothing changed. */
export async function editExcerpt(db: Kysely<Database>, ctx: CodingContext, excerptId: number, input: ExcerptInput, recordId?: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const excerpt = await findExcerpt(trx, ctx.reviewId, excerptId);
    if (recordId !== undefined && excerpt.recordId !== recordId) throw new NotFoundError('There is no such excerpt on this study.');
    await assertIncludedStudy(trx, ctx.reviewId, excerpt.recordId);
    const value = await checkedExcerpt(trx, ctx.reviewId, input);
    const before = excerptFacts(excerpt, excerpt.codes);
    const after = excerptFacts(value, value.codes);
    const sameCodes = excerpt.codes.map((c) => c.id).join() === value.codes.map((c) => c.id).join();
    const fields = ['text', 'location', 'memo', 'language', 'translation', 'translator'] as const;
    if (sameCodes && fields.every((key) => before[key] === after[key])) return false;
    await trx
      .updateTable('excerpt')
      .set({
        text: value.text, location: value.location, memo: value.memo, language: value.language, translation: value.translation, translator: value.translator,
        updatedBy: ctx.actorId, updatedAt: new Date().toISOString(),
      })
      .where('id', '=', excerptId)
      .execute();
    if (!sameCodes) await writeExcerptCodes(trx, excerptId, value.codes.map((c) => c.id));
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'excerpt.edit', entity: 'excerpt', entityId: excerptId, before: { recordId: excerpt.recordId, ...before }, after: { recordId: excerpt.recordId, ...after } });
    return true;
  });
}

/** Deletes an excerpt (its text is kept in the history). */
export async function deleteExcerpt(db: Kysely<Database>, ctx: CodingContext, excerptId: number, recordId?: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const excerpt = await findExcerpt(trx, ctx.reviewId, excerptId);
    if (recordId !== undefined && excerpt.recordId !== recordId) throw new NotFoundError('There is no such excerpt on this study.');
    await assertIncludedStudy(trx, ctx.reviewId, excerpt.recordId);
    // A finding's supporting excerpt is the analyst's evidence: it is taken off the finding first, knowingly.
    const findings = await trx
      .selectFrom('reviewFindingExcerpt as l')
      .innerJoin('reviewFinding as f', 'f.id', 'l.findingId')
      .select('f.statement')
      .where('l.excerptId', '=', excerptId)
      .orderBy('f.position')
      .execute();
    if (findings.length > 0) {
      const named = findings.map((f) => `“${f.statement.length > 60 ? `${f.statement.slice(0, 57)}…` : f.statement}”`).join(', ');
      throw new ValidationError({ excerpt: `This excerpt supports the review finding ${named}: remove it from the finding (Findings page) before deleting it.` });
    }
    await changingStudy(trx, ctx, excerpt.recordId, async () => {
      await trx.deleteFrom('excerptCode').where('excerptId', '=', excerptId).execute();
      await trx.deleteFrom('excerpt').where('id', '=', excerptId).execute();
    });
    await bumpCounter(trx, ctx.reviewId, COUNTERS.excerpts, -1);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'excerpt.delete',
      entity: 'excerpt',
      entityId: excerptId,
      before: { recordId: excerpt.recordId, ...excerptFacts(excerpt, excerpt.codes) },
    });
  });
}

/** Sets the study's memo ('' clears it). Returns false when it was already so. */
export async function setStudyMemo(db: Kysely<Database>, ctx: CodingContext, recordId: number, text: string): Promise<boolean> {
  const memo = text.replace(/\r\n?/g, '\n').trim();
  if (memo.length > MAX_STUDY_MEMO) throw new ValidationError({ memo: `Keep the memo under ${MAX_STUDY_MEMO.toLocaleString('en-GB')} characters.` });
  return db.transaction().execute(async (trx) => {
    await assertIncludedStudy(trx, ctx.reviewId, recordId);
    const row = await trx.selectFrom('studyMemo').select('text').where('recordId', '=', recordId).executeTakeFirst();
    const before = row?.text ?? '';
    if (before === memo) return false;
    const values = { text: memo, updatedBy: ctx.actorId, updatedAt: new Date().toISOString() };
    await trx
      .insertInto('studyMemo')
      .values({ recordId, reviewId: ctx.reviewId, ...values })
      .onConflict((oc) => oc.column('recordId').doUpdateSet(values))
      .execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'coding.memo', entity: 'study', entityId: recordId, before: { memo: before }, after: { memo } });
    return true;
  });
}

