import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { inTransaction } from '../db/in-transaction.js';
import { prepared } from '../db/prepared.js';
import type { Database, OrderedItemRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { retrievalReasonProblem } from './retrieval-reason.js';

/**
 * Criteria and exclusion reasons are the same thing to edit: short ordered texts in named lists of a
 * review. One implementation serves both; a spec names the table and its lists.
 */
export type CriterionList = 'inclusion' | 'exclusion';
export type ReasonStage = 'title_abstract' | 'full_text';

export interface OrderedItemKind<L extends string> {
  table: 'criterion' | 'exclusionReason';
  /** Used in audit actions and URLs: `criterion`, `reason`. */
  entity: string;
  lists: readonly L[];
  maxLength: number;
  /** How many decisions use an item; an item in use is renamed, never removed. */
  usedBy?: (db: Kysely<Database>, id: number) => Promise<number>;
  /** Why a text cannot be an item of this kind (beyond being empty or long), or null. */
  refuses?: (text: string) => string | null;
}

export const CRITERIA: OrderedItemKind<CriterionList> = {
  table: 'criterion',
  entity: 'criterion',
  lists: ['inclusion', 'exclusion'],
  maxLength: 1000,
};

export const REASONS: OrderedItemKind<ReasonStage> = {
  table: 'exclusionReason',
  entity: 'reason',
  lists: ['title_abstract', 'full_text'],
  maxLength: 120,
  async usedBy(db, id) {
    const count = async (table: 'screeningDecision' | 'screeningItem', column: 'reasonId' | 'finalReasonId') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);
    return (await count('screeningDecision', 'reasonId')) + (await count('screeningItem', 'finalReasonId'));
  },
  refuses: retrievalReasonProblem,
};

export interface OrderedItem {
  id: number;
  list: string;
  position: number;
  text: string;
}

export type OrderedLists<L extends string> = Record<L, OrderedItem[]>;

interface Context {
  actorId: number;
  reviewId: number;
}

// Both kinds are on every screening page: compiled once per table.
const listRows = {
  criterion: prepared<{ reviewId: number }, OrderedItem>((db, param) =>
    db.selectFrom('criterion').select(['id', 'list', 'position', 'text']).where('reviewId', '=', param('reviewId')).orderBy('position').orderBy('id'),
  ),
  exclusionReason: prepared<{ reviewId: number }, OrderedItem>((db, param) =>
    db.selectFrom('exclusionReason').select(['id', 'list', 'position', 'text']).where('reviewId', '=', param('reviewId')).orderBy('position').orderBy('id'),
  ),
};

export async function readLists<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  reviewId: number,
): Promise<OrderedLists<L>> {
  const rows = await listRows[kind.table](db, { reviewId });
  const lists = Object.fromEntries(kind.lists.map((l) => [l, [] as OrderedItem[]])) as OrderedLists<L>;
  for (const row of rows) lists[row.list as L]?.push(row);
  return lists;
}

function checkText<L extends string>(kind: OrderedItemKind<L>, text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new ValidationError({ text: 'Write something first.' });
  if (clean.length > kind.maxLength) throw new ValidationError({ text: `Keep it under ${kind.maxLength} characters.` });
  const refused = kind.refuses?.(clean);
  if (refused) throw new ValidationError({ text: refused });
  return clean;
}

/** Seeds lists in one go (new reviews); no audit entry per item. */
export async function insertItems<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  reviewId: number,
  list: L,
  texts: readonly string[],
): Promise<void> {
  if (texts.length === 0) return;
  await db
    .insertInto(kind.table)
    .values(texts.map((text, position) => ({ reviewId, list, position, text })))
    .execute();
}

export async function addItem<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  ctx: Context,
  list: L,
  text: string,
): Promise<void> {
  const clean = checkText(kind, text);
  await inTransaction(db, async (trx) => {
    const last = await trx
      .selectFrom(kind.table)
      .select((eb) => eb.fn.max('position').as('max'))
      .where('reviewId', '=', ctx.reviewId)
      .where('list', '=', list)
      .executeTakeFirst();
    const position = (last?.max ?? -1) + 1;
    const { id } = await trx
      .insertInto(kind.table)
      .values({ reviewId: ctx.reviewId, list, position, text: clean })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: `${kind.entity}.add`,
      entity: kind.entity,
      entityId: id,
      after: { list, text: clean },
    });
  });
}

async function findItem<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  reviewId: number,
  id: number,
): Promise<OrderedItemRow> {
  const row = await db
    .selectFrom(kind.table)
    .selectAll()
    .where('id', '=', id)
    .where('reviewId', '=', reviewId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`That ${kind.entity} no longer exists.`);
  return row;
}

export async function renameItem<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  ctx: Context,
  id: number,
  text: string,
): Promise<L> {
  const clean = checkText(kind, text);
  return db.transaction().execute(async (trx) => {
    const item = await findItem(trx, kind, ctx.reviewId, id);
    if (item.text === clean) return item.list as L;
    await trx.updateTable(kind.table).set({ text: clean }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: `${kind.entity}.edit`,
      entity: kind.entity,
      entityId: id,
      before: { text: item.text },
      after: { text: clean },
    });
    return item.list as L;
  });
}

export async function removeItem<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  ctx: Context,
  id: number,
): Promise<L> {
  return db.transaction().execute(async (trx) => {
    const item = await findItem(trx, kind, ctx.reviewId, id);
    const used = kind.usedBy ? await kind.usedBy(trx, id) : 0;
    if (used > 0) {
      throw new ValidationError({ text: `“${item.text}” is the reason of ${used === 1 ? 'a decision' : `${used} decisions`}: rename it instead of removing it.` });
    }
    await trx.deleteFrom(kind.table).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: `${kind.entity}.remove`,
      entity: kind.entity,
      entityId: id,
      before: { list: item.list, text: item.text },
    });
    return item.list as L;
  });
}

/** Swaps an item with its neighbour above or below; at either end it stays put. */
export async function moveItem<L extends string>(
  db: Kysely<Database>,
  kind: OrderedItemKind<L>,
  ctx: Context,
  id: number,
  direction: 'up' | 'down',
): Promise<L> {
  return db.transaction().execute(async (trx) => {
    const item = await findItem(trx, kind, ctx.reviewId, id);
    const siblings = await trx
      .selectFrom(kind.table)
      .select(['id', 'position'])
      .where('reviewId', '=', ctx.reviewId)
      .where('list', '=', item.list)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const index = siblings.findIndex((s) => s.id === id);
    const swapWith = direction === 'up' ? index - 1 : index + 1;
    if (swapWith < 0 || swapWith >= siblings.length) return item.list as L;
    const order = siblings.map((s) => s.id);
    [order[index], order[swapWith]] = [order[swapWith]!, order[index]!];
    // Renumber the whole list so positions stay dense even after deletions.
    for (const [position, itemId] of order.entries()) {
      await trx.updateTable(kind.table).set({ position }).where('id', '=', itemId).execute();
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: `${kind.entity}.move`,
      entity: kind.entity,
      entityId: id,
      before: { position: index },
      after: { position: swapWith },
    });
    return item.list as L;
  });
}
