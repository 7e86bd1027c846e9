/**
 * The extraction form builder: add, edit, reorder and delete a review's fields. Owners only (the
 * routes check); each call is one transaction that writes its audit event with the change.
 *
 * ```ts
 * const id = await addField(db, ctx, { label: 'Country', help: '', kind: 'jurisdiction', choicesText: '' });
 * await editField(db, ctx, id, { label: 'Jurisdiction', help: 'Where the study took place', choicesText: 'Scotland\nItaly\nOther' });
 * await moveField(db, ctx, id, 'up');
 * const outcome = await deleteField(db, ctx, id);                       // { deleted: false, values: 12 }: ask first
 * await deleteField(db, ctx, id, { confirmedValues: 12 });              // { deleted: true, values: 12 }
 * ```
 *
 * Rules: labels ≤ 200 characters and unique in the form (they head the synthesis matrix's columns);
 * help ≤ 1000; choices (single/multiple choice and jurisdiction) one per line, 2–50 of them, unique
 * (ignoring case), ≤ 200 characters each; an empty jurisdiction list means DEFAULT_JURISDICTIONS.
 * A field's kind never changes (its stored values would stop making sense: add a new field). A
 * choice some study uses cannot be removed (the message says how many studies): change those
 * studies first, so no stored value ever points at a choice that is gone. Deleting a field that
 * holds values takes a second, explicit step naming how many values go with it.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, ExtractionKind } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { fieldFromRow } from './extraction-queries.js';
import { DEFAULT_JURISDICTIONS, KINDS, oneLine, OTHER, valueChoices, type ExtractionField } from './field-types.js';

export interface BuilderContext {
  reviewId: number;
  actorId: number;
}

export const LABEL_MAX = 200;
export const HELP_MAX = 1000;
export const CHOICE_MAX = 200;
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 50;
export const FIELDS_MAX = 200;

export interface NewField {
  label: string;
  help: string;
  kind: ExtractionKind;
  /** One choice per line; ignored for kinds without choices. */
  choicesText: string;
}

export type FieldChanges = Omit<NewField, 'kind'>;

const fold = (text: string) => text.normalize('NFC').toLocaleLowerCase('en');

function checkLabel(label: string): string {
  const clean = oneLine(label);
  if (clean === '') throw new ValidationError({ label: 'Give the field a label.' });
  if (clean.length > LABEL_MAX) throw new ValidationError({ label: `Keep the label to ${LABEL_MAX} characters.` });
  return clean;
}

function checkHelp(help: string): string {
  const clean = help.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (clean.length > HELP_MAX) throw new ValidationError({ help: `Keep the help text to ${HELP_MAX} characters.` });
  return clean;
}

/** The choices typed one per line, checked; [] for kinds without choices. */
export function parseChoices(kind: ExtractionKind, text: string): string[] {
  if (!KINDS[kind].hasChoices) return [];
  const choices = text.split(/\r\n|\r|\n/).map(oneLine).filter((c) => c !== '');
  if (choices.length === 0 && kind === 'jurisdiction') return [...DEFAULT_JURISDICTIONS];
  if (choices.length < CHOICES_MIN) throw new ValidationError({ choices: `Give at least ${CHOICES_MIN} choices, one per line.` });
  if (choices.length > CHOICES_MAX) throw new ValidationError({ choices: `Give at most ${CHOICES_MAX} choices (this is ${choices.length}).` });
  const long = choices.find((c) => c.length > CHOICE_MAX);
  if (long !== undefined) throw new ValidationError({ choices: `Keep each choice to ${CHOICE_MAX} characters: “${long.slice(0, 40)}…” is longer.` });
  const seen = new Set<string>();
  for (const choice of choices) {
    if (seen.has(fold(choice))) throw new ValidationError({ choices: `“${choice}” is there twice.` });
    seen.add(fold(choice));
  }
  if (kind === 'jurisdiction') {
    const clash = choices.find((c) => /^other\s*:/i.test(c));
    if (clash !== undefined) throw new ValidationError({ choices: `“${clash}” would read as “${OTHER}” with a name: write “${OTHER}” alone, and name the jurisdiction on each study.` });
  }
  return choices;
}

async function assertLabelFree(db: Kysely<Database>, reviewId: number, label: string, exceptId?: number): Promise<void> {
  const rows = await db.selectFrom('extractionField').select(['id', 'label']).where('reviewId', '=', reviewId).execute();
  if (rows.some((r) => r.id !== exceptId && fold(r.label) === fold(label))) {
    throw new ValidationError({ label: `The form already has a field called “${label}”.` });
  }
}

async function findField(db: Kysely<Database>, reviewId: number, id: number): Promise<ExtractionField> {
  const row = await db
    .selectFrom('extractionField')
    .select(['id', 'position', 'label', 'help', 'kind', 'choicesJson'])
    .where('id', '=', id)
    .where('reviewId', '=', reviewId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('This extraction field no longer exists.');
  return fieldFromRow(row);
}

async function countValues(db: Kysely<Database>, fieldId: number): Promise<number> {
  const row = await db.selectFrom('extractionValue').select((eb) => eb.fn.countAll<number>().as('n')).where('fieldId', '=', fieldId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds a field at the end of the form; returns its id. */
export async function addField(db: Kysely<Database>, ctx: BuilderContext, input: NewField): Promise<number> {
  if (!KINDS[input.kind]) throw new ValidationError({ kind: 'Choose what kind of field this is.' });
  const label = checkLabel(input.label);
  const help = checkHelp(input.help);
  const choices = parseChoices(input.kind, input.choicesText);
  return inTransaction(db, async (trx) => {
    await assertLabelFree(trx, ctx.reviewId, label);
    const last = await trx
      .selectFrom('extractionField')
      .select([(eb) => eb.fn.max('position').as('max'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('reviewId', '=', ctx.reviewId)
      .executeTakeFirstOrThrow();
    if (Number(last.n) >= FIELDS_MAX) throw new ValidationError({ label: `A form can have at most ${FIELDS_MAX} fields.` });
    const position = (last.max ?? -1) + 1;
    const { id } = await trx
      .insertInto('extractionField')
      .values({ reviewId: ctx.reviewId, position, label, help, kind: input.kind, choicesJson: JSON.stringify(choices), createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'extraction-field.add',
      entity: 'extraction_field',
      entityId: id,
      after: { label, help, kind: input.kind, choices },
    });
    return id;
  });
}

/**
 * Changes a field's label, help and choices (its kind stays). Refused, naming the studies, when a
 * choice some study uses is left out. Returns whether anything changed.
 */
export async function editField(db: Kysely<Database>, ctx: BuilderContext, id: number, input: FieldChanges): Promise<boolean> {
  const label = checkLabel(input.label);
  const help = checkHelp(input.help);
  return db.transaction().execute(async (trx) => {
    const field = await findField(trx, ctx.reviewId, id);
    const choices = parseChoices(field.kind, input.choicesText);
    if (fold(label) !== fold(field.label)) await assertLabelFree(trx, ctx.reviewId, label, id);
    const removed = field.choices.filter((c) => !choices.includes(c));
    if (removed.length > 0) {
      const values = await trx.selectFrom('extractionValue').select('valueJson').where('fieldId', '=', id).execute();
      const uses = new Map<string, number>();
      for (const { valueJson } of values) {
        for (const choice of new Set(valueChoices(field, valueJson))) uses.set(choice, (uses.get(choice) ?? 0) + 1);
      }
      const inUse = removed.filter((c) => (uses.get(c) ?? 0) > 0);
      if (inUse.length > 0) {
        const list = inUse.map((c) => `“${c}” (${studies(uses.get(c)!)})`).join(', ');
        throw new ValidationError({
          choices: `${inUse.length === 1 ? 'This choice is' : 'These choices are'} still used, so ${inUse.length === 1 ? 'it' : 'they'} cannot be removed: ${list}. Change those studies’ values first. (A choice is renamed by adding the new name, moving the studies to it, then removing the old one.)`,
        });
      }
    }
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (label !== field.label) [before.label, after.label] = [field.label, label];
    if (help !== field.help) [before.help, after.help] = [field.help, help];
    if (JSON.stringify(choices) !== JSON.stringify(field.choices)) [before.choices, after.choices] = [field.choices, choices];
    if (Object.keys(after).length === 0) return false;
    await trx.updateTable('extractionField').set({ label, help, choicesJson: JSON.stringify(choices) }).where('id', '=', id).execute();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'extraction-field.edit', entity: 'extraction_field', entityId: id, before, after });
    return true;
  });
}

const studies = (n: number) => (n === 1 ? '1 study' : `${n} studies`);

/** Swaps a field with its neighbour above or below; at either end it stays put. */
export async function moveField(db: Kysely<Database>, ctx: BuilderContext, id: number, direction: 'up' | 'down'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findField(trx, ctx.reviewId, id);
    const siblings = await trx.selectFrom('extractionField').select('id').where('reviewId', '=', ctx.reviewId).orderBy('position').orderBy('id').execute();
    const index = siblings.findIndex((s) => s.id === id);
    const swapWith = direction === 'up' ? index - 1 : index + 1;
    if (swapWith < 0 || swapWith >= siblings.length) return;
    const order = siblings.map((s) => s.id);
    [order[index], order[swapWith]] = [order[swapWith]!, order[index]!];
    // Renumbered whole, so positions stay dense after deletions.
    for (const [position, fieldId] of order.entries()) {
      await trx.updateTable('extractionField').set({ position }).where('id', '=', fieldId).execute();
    }
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'extraction-field.move', entity: 'extraction_field', entityId: id, before: { position: index }, after: { position: swapWith } });
  });
}

export type DeleteOutcome = { deleted: true; label: string; values: number } | { deleted: false; label: string; values: number };

/**
 * Deletes a field. A field holding values is deleted only when `confirmedValues` equals how many
 * it holds now (the confirmation the person saw); otherwise nothing happens and the outcome says
 * how many values would go, so the caller can ask. Values saved in between mean asking again.
 */
export async function deleteField(db: Kysely<Database>, ctx: BuilderContext, id: number, options: { confirmedValues?: number } = {}): Promise<DeleteOutcome> {
  return db.transaction().execute(async (trx) => {
    const field = await findField(trx, ctx.reviewId, id);
    const values = await countValues(trx, id);
    if (values > 0 && options.confirmedValues !== values) return { deleted: false, label: field.label, values };
    await trx.deleteFrom('extractionValue').where('fieldId', '=', id).execute();
    await trx.deleteFrom('extractionField').where('id', '=', id).execute();
    const rest = await trx.selectFrom('extractionField').select('id').where('reviewId', '=', ctx.reviewId).orderBy('position').orderBy('id').execute();
    for (const [position, row] of rest.entries()) {
      await trx.updateTable('extractionField').set({ position }).where('id', '=', row.id).execute();
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'extraction-field.delete',
      entity: 'extraction_field',
      entityId: id,
      before: { label: field.label, help: field.help, kind: field.kind, choices: field.choices, values },
    });
    return { deleted: true, label: field.label, values };
  });
}
