/**
 * Editing a review's codebook: groups → codes → sub-codes with names, descriptions and colours.
 * Each call is one transaction that writes its audit event; a refused change writes nothing.
 *
 * ```ts
 * const id = await addCode(db, ctx, { parentId: null, name: 'Themes', description: '', colour: '#b0793f' });
 * await editCode(db, ctx, id, { name: 'Themes', description: 'What the review is about', colour: '#b0793f' });
 * await editCode(db, ctx, hope, { ...same, origin: 'emergent' });  // it emerged from the data
 * await moveCode(db, ctx, id, 'up');                 // within its siblings
 * await reparentCode(db, ctx, codeId, id);           // at most three levels
 * await deleteCode(db, ctx, codeId);                 // only when nothing is coded with it
 * await mergeCode(db, ctx, fromId, intoId);          // everything coded with `from` now carries `into`
 * ```
 *
 * A whole codebook in or out (file import, the framework template, export): codebook-transfer.ts.
 *
 * Only review owners edit the codebook; the routes check that (requireReviewOwner).
 */
import { sql, type Kysely } from 'kysely';
import { codeReferences, moveCodeReferences } from './code-references.js';
import { movePassCodes, passCodeUses } from '../double-coding/pass-code-uses.js';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { ValidationError, type FieldErrors } from '../domain-errors.js';
import { Codebook, type Row } from './codebook-model.js';
import {
  cleanDescription, cleanName, descriptionProblem, isCodeOrigin, MAX_CODES, MAX_DEPTH, nameProblem, normaliseColour, times, type CodeOrigin,
} from './codebook-rules.js';

export interface CodingContext {
  reviewId: number;
  actorId: number;
}

export interface CodeInput {
  name: string;
  description: string;
  /** #rrggbb; '' for the default (the parent's colour, or the next palette colour for a group). */
  colour: string;
  /** Left out: 'a_priori' for a new code, unchanged for an edited one. */
  origin?: CodeOrigin;
}

/** Checks name, description, colour and origin together, so a form shows every problem at once. */
function checkedInput(input: CodeInput, defaultColour: () => string, defaultOrigin: CodeOrigin): { name: string; description: string; colour: string; origin: CodeOrigin } {
  const errors: FieldErrors = {};
  const name = cleanName(input.name);
  const description = cleanDescription(input.description);
  const nameWrong = nameProblem(name);
  if (nameWrong) errors.name = nameWrong;
  const descriptionWrong = descriptionProblem(description);
  if (descriptionWrong) errors.description = descriptionWrong;
  let colour = input.colour.trim() === '' ? null : normaliseColour(input.colour);
  if (input.colour.trim() !== '' && colour === null) errors.colour = 'Choose a colour written #rrggbb, like #5b7db1.';
  if (input.origin !== undefined && !isCodeOrigin(input.origin)) errors.origin = 'Choose whether the code is part of the a-priori framework or emerged from the data.';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  colour ??= defaultColour();
  return { name, description, colour, origin: input.origin ?? defaultOrigin };
}

function sameNameMessage(book: Codebook, parentId: number | null, name: string): string {
  return parentId === null
    ? `There is already a group named “${name}”. Names must differ among siblings.`
    : `“${book.path(parentId)}” already has a code named “${name}”. Names must differ among siblings.`;
}

async function renumber(trx: Kysely<Database>, book: Codebook, parentId: number | null): Promise<void> {
  for (const [position, row] of book.children(parentId).entries()) {
    if (row.position === position) continue;
    await trx.updateTable('code').set({ position }).where('id', '=', row.id).execute();
    row.position = position;
  }
}

/** Adds a group (parentId null), a code or a sub-code at the end of its siblings. Returns its id. */
export async function addCode(db: Kysely<Database>, ctx: CodingContext, input: CodeInput & { parentId: number | null }): Promise<number> {
  return inTransaction(db, async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const parent = input.parentId === null ? null : book.byId.get(input.parentId);
    if (parent === undefined) throw new ValidationError({ parentId: 'That parent code is not in this codebook.' });
    if (parent && book.depth(parent.id) + 1 >= MAX_DEPTH) throw new ValidationError({ parentId: 'Sub-codes cannot have sub-codes of their own: a codebook has three levels (group → code → sub-code).' });
    if (book.size >= MAX_CODES) throw new ValidationError({ name: `This codebook already holds ${MAX_CODES.toLocaleString('en-GB')} codes, the most it can.` });
    const value = checkedInput(input, () => parent?.colour ?? book.groupColour(), 'a_priori');
    const parentId = parent?.id ?? null;
    if (book.clash(parentId, value.name)) throw new ValidationError({ name: sameNameMessage(book, parentId, value.name) });
    const { id } = await trx
      .insertInto('code')
      .values({ reviewId: ctx.reviewId, parentId, ...value, position: book.nextPosition(parentId), createdAt: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'code.add', entity: 'code', entityId: id, after: { ...value, parent: parent ? book.path(parent.id) : null } });
    return id;
  });
}

/**
 * Renames, describes, recolours a code and says where it comes from. Its sub-codes that shared its
 * old colour take the new one (they were following it); its origin is its own. Returns false when
 * nothing changed.
 */
export async function editCode(db: Kysely<Database>, ctx: CodingContext, id: number, input: CodeInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const row = book.get(id);
    const value = checkedInput(input, () => row.colour, row.origin);
    if (book.clash(row.parentId, value.name, id)) throw new ValidationError({ name: sameNameMessage(book, row.parentId, value.name) });
    const before: Partial<Record<keyof typeof value, string>> = {};
    const after: Partial<Record<keyof typeof value, string>> = {};
    for (const key of ['name', 'description', 'colour', 'origin'] as const) {
      if (row[key] !== value[key]) {
        before[key] = row[key];
        after[key] = value[key];
      }
    }
    if (Object.keys(after).length === 0) return false;
    await trx.updateTable('code').set(value).where('id', '=', id).execute();
    let followers = 0;
    if (after.colour !== undefined) {
      const following = book.subtree(id).slice(1).filter((r) => r.colour === row.colour).map((r) => r.id);
      if (following.length > 0) await trx.updateTable('code').set({ colour: value.colour }).where('id', 'in', following).execute();
      followers = following.length;
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'code.edit',
      entity: 'code',
      entityId: id,
      before,
      after: followers > 0 ? { ...after, subCodesRecoloured: followers } : after,
    });
    return true;
  });
}

/** Swaps a code with its sibling above or below; at either end it stays put. */
export async function moveCode(db: Kysely<Database>, ctx: CodingContext, id: number, direction: 'up' | 'down'): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const row = book.get(id);
    const siblings = book.children(row.parentId);
    const index = siblings.findIndex((s) => s.id === id);
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= siblings.length) return false;
    [siblings[index], siblings[other]] = [siblings[other]!, siblings[index]!];
    for (const [position, sibling] of siblings.entries()) {
      if (sibling.position !== position) await trx.updateTable('code').set({ position }).where('id', '=', sibling.id).execute();
    }
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'code.move', entity: 'code', entityId: id, before: { position: index }, after: { position: other } });
    return true;
  });
}

/** Moves a code (with its sub-codes) under another parent, or to the top as a group (null); last among its new siblings. */
export async function reparentCode(db: Kysely<Database>, ctx: CodingContext, id: number, parentId: number | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const row = book.get(id);
    if (row.parentId === parentId) return false;
    if (parentId !== null) {
      if (!book.byId.has(parentId)) throw new ValidationError({ parentId: 'That parent code is not in this codebook.' });
      if (book.subtree(id).some((r) => r.id === parentId)) throw new ValidationError({ parentId: 'A code cannot move under itself or one of its own sub-codes.' });
    }
    const newDepth = parentId === null ? 0 : book.depth(parentId) + 1;
    if (newDepth + book.height(id) >= MAX_DEPTH) {
      throw new ValidationError({ parentId: `Moving “${row.name}” there would make a fourth level: a codebook has three (group → code → sub-code).` });
    }
    if (book.clash(parentId, row.name, id)) throw new ValidationError({ parentId: sameNameMessage(book, parentId, row.name) });
    const oldParent = row.parentId;
    const beforePath = book.path(id);
    const position = book.nextPosition(parentId);
    await trx.updateTable('code').set({ parentId, position }).where('id', '=', id).execute();
    Object.assign(row, { parentId, position });
    await renumber(trx, book, oldParent);
    await recordAudit(trx, { actorId: ctx.actorId, reviewId: ctx.reviewId, action: 'code.reparent', entity: 'code', entityId: id, before: { path: beforePath }, after: { path: book.path(id) } });
    return true;
  });
}

/** How often a set of codes is used: study codes and excerpt codes. */
async function usesOf(trx: Kysely<Database>, codeIds: number[]): Promise<{ studies: number; excerpts: number }> {
  const count = async (table: 'studyCode' | 'excerptCode') =>
    Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('codeId', 'in', codeIds).executeTakeFirstOrThrow()).n);
  return { studies: await count('studyCode'), excerpts: await count('excerptCode') };
}


/** Deletes a code with its sub-codes, only when none of them was ever applied; otherwise merge it instead. */
export async function deleteCode(db: Kysely<Database>, ctx: CodingContext, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const row = book.get(id);
    const subtree = book.subtree(id);
    const uses = await usesOf(trx, subtree.map((r) => r.id));
    if (uses.studies + uses.excerpts > 0) {
      const what = [uses.studies > 0 && `${times(uses.studies, 'study', 'studies')} as a whole`, uses.excerpts > 0 && times(uses.excerpts, 'excerpt')].filter(Boolean).join(' and ');
      throw new ValidationError({ code: `“${row.name}”${subtree.length > 1 ? ' (with its sub-codes)' : ''} is applied to ${what}: merge it into another code instead of deleting it.` });
    }
    const references = await codeReferences(trx, subtree.map((r) => r.id));
    if (references.findings + references.summaries > 0) {
      const what = [references.findings > 0 && times(references.findings, 'review finding'), references.summaries > 0 && times(references.summaries, 'charted summary', 'charted summaries')].filter(Boolean).join(' and ');
      throw new ValidationError({ code: `“${row.name}”${subtree.length > 1 ? ' (with its sub-codes)' : ''} has ${what}: merge it into another code instead of deleting it, so they move with it.` });
    }
    const passUses = await passCodeUses(trx, subtree.map((r) => r.id));
    if (passUses > 0) {
      throw new ValidationError({ code: `“${row.name}”${subtree.length > 1 ? ' (with its sub-codes)' : ''} is applied ${times(passUses, 'time')} in coders’ own passes (double coding): merge it into another code instead of deleting it.` });
    }
    const path = book.path(id);
    // Deepest first: a code's parent must outlive it (code.parent_id is a foreign key).
    for (const r of [...subtree].reverse()) {
      await trx.deleteFrom('code').where('id', '=', r.id).execute();
      book.byId.delete(r.id);
    }
    await renumber(trx, book, row.parentId);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'code.delete',
      entity: 'code',
      entityId: id,
      before: { path, description: row.description, colour: row.colour, subCodes: subtree.slice(1).map((r) => r.name) },
    });
  });
}

export interface MergeSummary {
  from: string;
  into: string;
  /** Study codes moved to the target, and those dropped because the study already had it. */
  studyCodesMoved: number;
  studyCodesCollapsed: number;
  excerptCodesMoved: number;
  excerptCodesCollapsed: number;
  /** Sub-codes moved under the target, and those merged into its same-named sub-codes. */
  subCodesMoved: string[];
  subCodesMerged: string[];
}

/**
 * Merges code A into code B: every study and excerpt coded A is coded B (a study or excerpt that
 * had both keeps one), A's sub-codes move under B (one with the name of a sub-code of B is merged
 * into it the same way), and A is deleted. One transaction, one audit event saying what moved.
 */
export async function mergeCode(db: Kysely<Database>, ctx: CodingContext, fromId: number, intoId: number): Promise<MergeSummary> {
  return db.transaction().execute(async (trx) => {
    const book = await Codebook.load(trx, ctx.reviewId);
    const from = book.get(fromId);
    if (!book.byId.has(intoId)) throw new ValidationError({ into: 'Choose a code of this codebook to merge into.' });
    const into = book.get(intoId);
    if (from.id === into.id) throw new ValidationError({ into: 'Choose another code to merge into: a code cannot be merged into itself.' });
    if (book.subtree(from.id).some((r) => r.id === into.id)) throw new ValidationError({ into: `“${into.name}” is one of “${from.name}”’s own sub-codes: move it out first, or merge the other way round.` });
    const summary: MergeSummary = {
      from: book.path(from.id),
      into: book.path(into.id),
      studyCodesMoved: 0,
      studyCodesCollapsed: 0,
      excerptCodesMoved: 0,
      excerptCodesCollapsed: 0,
      subCodesMoved: [],
      subCodesMerged: [],
    };
    const oldParent = from.parentId;
    await mergeInto(trx, ctx.reviewId, book, from, into, summary);
    await renumber(trx, book, oldParent);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'code.merge',
      entity: 'code',
      entityId: from.id,
      before: { path: summary.from, description: from.description, colour: from.colour },
      after: { intoId: into.id, ...summary },
    });
    return summary;
  });
}

async function mergeInto(trx: Kysely<Database>, reviewId: number, book: Codebook, from: Row, into: Row, summary: MergeSummary): Promise<void> {
  for (const child of book.children(from.id)) {
    const twin = book.clash(into.id, child.name, from.id);
    if (twin) {
      summary.subCodesMerged.push(book.path(child.id));
      await mergeInto(trx, reviewId, book, child, twin, summary);
      continue;
    }
    if (book.depth(into.id) + 1 + book.height(child.id) >= MAX_DEPTH) {
      throw new ValidationError({ into: `“${child.name}” would become a fourth level under “${into.name}”: move it elsewhere first, or merge into a code higher up.` });
    }
    summary.subCodesMoved.push(child.name);
    const position = book.nextPosition(into.id);
    await trx.updateTable('code').set({ parentId: into.id, position }).where('id', '=', child.id).execute();
    Object.assign(child, { parentId: into.id, position });
  }

  const studyCodes = Number((await trx.selectFrom('studyCode').select((eb) => eb.fn.countAll<number>().as('n')).where('codeId', '=', from.id).executeTakeFirstOrThrow()).n);
  if (studyCodes > 0) {
    const moved = await trx
      .insertInto('studyCode')
      .columns(['recordId', 'codeId', 'reviewId', 'createdBy', 'createdAt'])
      .expression(trx.selectFrom('studyCode').select(['recordId', sql<number>`${into.id}`.as('codeId'), 'reviewId', 'createdBy', 'createdAt']).where('codeId', '=', from.id))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    const n = Number(moved.numInsertedOrUpdatedRows ?? 0);
    summary.studyCodesMoved += n;
    summary.studyCodesCollapsed += studyCodes - n;
    await trx.deleteFrom('studyCode').where('codeId', '=', from.id).execute();
  }
  const excerptCodes = Number((await trx.selectFrom('excerptCode').select((eb) => eb.fn.countAll<number>().as('n')).where('codeId', '=', from.id).executeTakeFirstOrThrow()).n);
  if (excerptCodes > 0) {
    const moved = await trx
      .insertInto('excerptCode')
      .columns(['excerptId', 'codeId'])
      .expression(trx.selectFrom('excerptCode').select(['excerptId', sql<number>`${into.id}`.as('codeId')]).where('codeId', '=', from.id))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    const n = Number(moved.numInsertedOrUpdatedRows ?? 0);
    summary.excerptCodesMoved += n;
    summary.excerptCodesCollapsed += excerptCodes - n;
    await trx.deleteFrom('excerptCode').where('codeId', '=', from.id).execute();
  }
  await moveCodeReferences(trx, reviewId, from.id, into.id);
  await movePassCodes(trx, from.id, into.id);
  await trx.deleteFrom('code').where('id', '=', from.id).execute();
  book.byId.delete(from.id);
}
