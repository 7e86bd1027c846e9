import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, MergeEventRow, MergeReason } from '../db/schema.js';
import { ValidationError } from '../domain-errors.js';
import { updateRecordColumns } from '../records/record-queries.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import { FILL_COLUMNS, fillsFor, type FilledField } from './primary-fill.js';

/**
 * Linking records to a primary and unlinking them again: the storage half of merges, always called
 * inside the caller's transaction. Keeps `duplicate_of` flat and COUNTERS.duplicatesMarked exact.
 */

export interface DedupContext {
  reviewId: number;
  actorId: number | null;
}

/** One record's `duplicate_of` as a merge changed it. */
export interface LinkChange {
  id: number;
  before: number | null;
  after: number | null;
}

/** Each record's primary (itself when it is one). */
export async function primariesOf(db: Kysely<Database>, reviewId: number, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom('record').select(['id', 'duplicateOf']).where('reviewId', '=', reviewId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.duplicateOf ?? r.id]));
}

/** The primaries given (those in the review) and every record linked to them, by ascending id. */
export async function groupMembers(db: Kysely<Database>, reviewId: number, primaries: readonly number[]): Promise<number[]> {
  const own = (await db.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('id', 'in', primaries).execute()).map((r) => r.id);
  if (own.length === 0) return [];
  // Two lookups, not one OR: SQLite answers an OR across id and duplicate_of by scanning the
  // review. Duplicates share their primary's review (trigger record_duplicate_of_flat), so
  // duplicate_of alone finds them through its own index.
  const linked = await db.selectFrom('record').select('id').where('duplicateOf', 'in', own).execute();
  return [...own, ...linked.map((r) => r.id)].sort((x, y) => x - y);
}

function selectMembers(db: Kysely<Database>, reviewId: number, ids: readonly number[]) {
  return db
    .selectFrom('record')
    .select(['id', 'duplicateOf', 'updatedAt', ...FILL_COLUMNS])
    .where('reviewId', '=', reviewId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/**
 * Links every member to `primaryId` (the primary's own link cleared) and fills the primary's empty
 * fields from the others, recording a merge event that undoMergeLinks can reverse exactly. Members
 * must be whole groups (a primary with all its duplicates), so no link is left pointing at a record
 * that became a duplicate. Returns the event id, or null when the links were already so.
 */
export async function mergeGroup(
  trx: Kysely<Database>,
  ctx: DedupContext,
  merge: { memberIds: readonly number[]; primaryId: number; reason: MergeReason },
): Promise<number | null> {
  const rows = await selectMembers(trx, ctx.reviewId, merge.memberIds);
  const primary = rows.find((r) => r.id === merge.primaryId);
  if (primary === undefined) throw new Error(`Record ${merge.primaryId} is not among the members of the merge.`);
  const links: LinkChange[] = rows
    .map((r) => ({ id: r.id, before: r.duplicateOf, after: r.id === primary.id ? null : primary.id }))
    .filter((link) => link.before !== link.after);
  if (links.length === 0) return null;

  const now = new Date().toISOString();
  const filled = fillsFor(primary, rows.filter((r) => r !== primary));
  await applyLinks(trx, ctx.reviewId, links.map((l) => ({ id: l.id, from: l.before, to: l.after })));
  if (filled.length > 0) await updateRecordColumns(trx, ctx.reviewId, primary.id, valuesOf(filled, 'after'), now);
  const { id: mergeId } = await trx
    .insertInto('mergeEvent')
    .values({
      reviewId: ctx.reviewId,
      reason: merge.reason,
      primaryId: primary.id,
      linksJson: JSON.stringify(links),
      filledJson: JSON.stringify(filled),
      primaryUpdatedAt: filled.length > 0 ? primary.updatedAt : null,
      createdBy: ctx.actorId,
      createdAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesMarked, markedDelta(links));
  await recordAudit(trx, {
    actorId: ctx.actorId,
    reviewId: ctx.reviewId,
    action: 'duplicates.merge',
    entity: 'merge_event',
    entityId: mergeId,
    after: { reason: merge.reason, primary: primary.id, members: rows.map((r) => r.id), filled: filled.map(({ column, from }) => ({ column, from })) },
  });
  return mergeId;
}

/**
 * Puts back the links and the filled fields a merge changed, and marks it undone. Refused while a
 * later merge or change of primary has moved any of its links (undo that one first). A filled field
 * a person edited since is left as they wrote it. Returns the links restored.
 */
export async function undoMergeLinks(trx: Kysely<Database>, ctx: DedupContext & { actorId: number }, event: MergeEventRow): Promise<LinkChange[]> {
  if (event.undoneAt !== null) throw new ValidationError({ merge: 'This merge was already undone.' });
  const links = JSON.parse(event.linksJson) as LinkChange[];
  const filled = JSON.parse(event.filledJson) as FilledField[];
  const rows = new Map((await selectMembers(trx, ctx.reviewId, [event.primaryId, ...links.map((l) => l.id)])).map((r) => [r.id, r]));
  if (links.some((link) => rows.get(link.id)?.duplicateOf !== link.after)) {
    throw new ValidationError({ merge: 'These records were merged again or given another primary since: undo that change first.' });
  }
  const now = new Date().toISOString();
  await applyLinks(trx, ctx.reviewId, links.map((l) => ({ id: l.id, from: l.after, to: l.before })));
  const primary = rows.get(event.primaryId)!;
  const untouched = filled.filter((f) => primary[f.column] === f.after);
  if (untouched.length > 0) {
    // Byte-for-byte when nothing else touched the primary since; otherwise this is a new change.
    const updatedAt = primary.updatedAt === event.createdAt ? event.primaryUpdatedAt! : now;
    await updateRecordColumns(trx, ctx.reviewId, primary.id, valuesOf(untouched, 'before'), updatedAt);
  }
  await trx.updateTable('mergeEvent').set({ undoneBy: ctx.actorId, undoneAt: now }).where('id', '=', event.id).execute();
  await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesMarked, -markedDelta(links));
  return links;
}

function valuesOf(filled: readonly FilledField[], which: 'before' | 'after') {
  return Object.fromEntries(filled.map((f) => [f.column, f[which]]));
}

const markedDelta = (links: readonly LinkChange[]) =>
  links.filter((l) => l.before === null).length - links.filter((l) => l.after === null).length;

/**
 * Sets `duplicate_of` in an order the flatness trigger accepts: links cleared first (the new
 * primary), then duplicates re-pointed, then former primaries linked once nothing points at them.
 */
async function applyLinks(trx: Kysely<Database>, reviewId: number, moves: ReadonlyArray<{ id: number; from: number | null; to: number | null }>) {
  const rank = (m: { from: number | null; to: number | null }) => (m.to === null ? 0 : m.from !== null ? 1 : 2);
  for (const move of [...moves].sort((x, y) => rank(x) - rank(y))) {
    await trx.updateTable('record').set({ duplicateOf: move.to }).where('reviewId', '=', reviewId).where('id', '=', move.id).execute();
  }
}
