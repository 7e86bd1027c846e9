/**
 * A study's extraction: its values (the whole form at once) and where it stands. Any member of the
 * review may extract; only included studies have an extraction. Each call is one transaction with
 * its audit event; every value and status row records who wrote it and when.
 *
 * ```ts
 * const saved = await saveExtraction(db, ctx, recordId, new Map([[fieldId, '12.5'], [otherId, ['A', 'B']]]));
 * // { changed: 2, status: 'in_progress' }, or a ValidationError naming `f<fieldId>` for every bad value (nothing written)
 * await saveExtraction(db, ctx, recordId, inputs, { markComplete: true });
 * await setExtractionStatus(db, ctx, recordId, 'complete');
 * ```
 *
 * Decisions:
 * - All or nothing: every value is checked first; one bad value and nothing is written, with a
 *   message per field (keys `f<fieldId>`, as the study form names its inputs).
 * - The inputs name the fields the form showed. A field not among them keeps its value (a field the
 *   owner added while the form was open is not wiped); a field given an empty input loses its value.
 *   An id that is not a field of this review's form is refused (one message under the key `form`).
 * - Only changed values are written, so two people saving different fields of a study do not undo
 *   each other; the audit event lists the changed fields (by label) before → after, as text.
 * - Every field is optional, so "complete" does not need every field filled: it is the extractor's
 *   statement that the study is done (the form shows how many fields are filled). The first save of
 *   a not-started study makes it "in progress"; saving a complete study keeps it complete.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../domain-errors.js';
import { isIncludedReport } from '../studies/included-studies.js';
import { extractionForm, type ExtractionStatus } from './extraction-queries.js';
import { displayValue, parseFieldInput, type RawFieldInput } from './field-types.js';

export interface ExtractionContext {
  reviewId: number;
  actorId: number;
}

export type SettableStatus = Exclude<ExtractionStatus, 'not_started'>;
export const SETTABLE_STATUSES: readonly SettableStatus[] = ['in_progress', 'complete'];

/** The form input name of a field (and the key of its error). */
export const inputName = (fieldId: number) => `f${fieldId}`;

export interface SaveOutcome {
  /** How many fields' values changed. */
  changed: number;
  /** Where the study stands after the save (still not started when nothing was given). */
  status: ExtractionStatus;
}

async function assertIncluded(db: Kysely<Database>, reviewId: number, recordId: number): Promise<void> {
  if (!(await isIncludedReport(db, reviewId, recordId))) throw new NotFoundError('This record is not an included study of this review.');
}

async function currentStatus(db: Kysely<Database>, recordId: number, reviewId: number): Promise<ExtractionStatus> {
  const row = await db.selectFrom('extractionStatus').select('status').where('recordId', '=', recordId).where('reviewId', '=', reviewId).executeTakeFirst();
  return row?.status ?? 'not_started';
}

async function writeStatus(db: Kysely<Database>, ctx: ExtractionContext, recordId: number, status: SettableStatus, now: string): Promise<void> {
  await db
    .insertInto('extractionStatus')
    .values({ recordId, reviewId: ctx.reviewId, status, updatedBy: ctx.actorId, updatedAt: now })
    .onConflict((oc) => oc.column('recordId').doUpdateSet({ reviewId: ctx.reviewId, status, updatedBy: ctx.actorId, updatedAt: now }))
    .execute();
}

/** Saves the values of the fields given (field id → what the form sent); see the module notes. */
export async function saveExtraction(
  db: Kysely<Database>,
  ctx: ExtractionContext,
  recordId: number,
  inputs: ReadonlyMap<number, RawFieldInput>,
  options: { markComplete?: boolean } = {},
): Promise<SaveOutcome> {
  return db.transaction().execute(async (trx) => {
    await assertIncluded(trx, ctx.reviewId, recordId);
    const fields = new Map((await extractionForm(trx, ctx.reviewId)).map((f) => [f.id, f]));
    const errors: FieldErrors = {};
    const parsed = new Map<number, string | null>();
    let unknown = 0;
    for (const [fieldId, raw] of inputs) {
      const field = fields.get(fieldId);
      if (!field) {
        unknown += 1;
        continue;
      }
      const result = parseFieldInput(field, raw);
      if ('error' in result) errors[inputName(fieldId)] = result.error;
      else parsed.set(fieldId, result.json);
    }
    if (unknown > 0) {
      errors.form = `${unknown === 1 ? 'A field you filled in is' : `${unknown} fields you filled in are`} not on the review’s extraction form (deleted since you opened it?): reload the form.`;
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    const stored = new Map(
      (await trx.selectFrom('extractionValue').select(['fieldId', 'valueJson']).where('recordId', '=', recordId).where('reviewId', '=', ctx.reviewId).execute()).map((r) => [r.fieldId, r.valueJson]),
    );
    const now = new Date().toISOString();
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    for (const [fieldId, json] of parsed) {
      const old = stored.get(fieldId) ?? null;
      if (old === json) continue;
      const field = fields.get(fieldId)!;
      before[field.label] = displayValue(field, old);
      after[field.label] = displayValue(field, json);
      if (json === null) {
        await trx.deleteFrom('extractionValue').where('recordId', '=', recordId).where('fieldId', '=', fieldId).execute();
      } else {
        await trx
          .insertInto('extractionValue')
          .values({ recordId, fieldId, reviewId: ctx.reviewId, valueJson: json, updatedBy: ctx.actorId, updatedAt: now })
          .onConflict((oc) => oc.columns(['recordId', 'fieldId']).doUpdateSet({ valueJson: json, updatedBy: ctx.actorId, updatedAt: now }))
          .execute();
      }
    }
    const changed = Object.keys(after).length;
    const was = await currentStatus(trx, recordId, ctx.reviewId);
    const status: ExtractionStatus = options.markComplete ? 'complete' : was === 'not_started' && changed > 0 ? 'in_progress' : was;
    if (changed > 0) {
      await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'extraction.save', entity: 'record', entityId: recordId, before, after });
    }
    if (status !== was && status !== 'not_started') {
      await writeStatus(trx, ctx, recordId, status, now);
      await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'extraction.status', entity: 'record', entityId: recordId, before: { status: was }, after: { status } });
    }
    return { changed, status };
  });
}

/** Marks a study's extraction complete or back in progress. Returns false when it already was. */
export async function setExtractionStatus(db: Kysely<Database>, ctx: ExtractionContext, recordId: number, status: SettableStatus): Promise<boolean> {
  if (!SETTABLE_STATUSES.includes(status)) throw new ValidationError({ status: 'Choose complete or in progress.' });
  return db.transaction().execute(async (trx) => {
    await assertIncluded(trx, ctx.reviewId, recordId);
    const was = await currentStatus(trx, recordId, ctx.reviewId);
    if (was === status) return false;
    await writeStatus(trx, ctx, recordId, status, new Date().toISOString());
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'extraction.status', entity: 'record', entityId: recordId, before: { status: was }, after: { status } });
    return true;
  });
}
