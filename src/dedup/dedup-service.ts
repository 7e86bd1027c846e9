/**
 * Duplicates a person decides: the review queue, merges and their undo (detection.ts finds them).
 * Each call is one transaction that keeps COUNTERS.duplicatesMarked (records linked as duplicates)
 * and COUNTERS.duplicatesPending (queue rows) exact and writes the audit history.
 *
 * ```ts
 * await decidePair(db, { reviewId, actorId }, pairId, 'same');    // merges the two records' groups
 * await undoMerge(db, { reviewId, actorId }, mergeId);            // links and filled fields as before
 * await changePrimary(db, { reviewId, actorId }, recordId);       // this duplicate becomes its group's primary
 * ```
 *
 * - Undoing a merge marks `different` each `same` pair it leaves in two groups: that is how a
 *   separated pair is remembered. A person may still decide it `same` later from the queue.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, PairStatus } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import { choosePrimary } from './find-duplicates.js';
import { groupMembers, mergeGroup, primariesOf, undoMergeLinks, type DedupContext } from './merge-group.js';
import { recordToDedup, selectDedupRows } from './record-to-dedup.js';

export type { DedupContext } from './merge-group.js';
export type PairDecision = Exclude<PairStatus, 'pending'>;
type PersonContext = DedupContext & { actorId: number };

/**
 * A person's decision on a pair. `same` merges the two records' groups (primary: choosePrimary of
 * the two groups' primaries); `different` and `versions` keep them apart. A merged pair is
 * separated by undoing its merge, not by deciding it again. Returns the merge made, if any.
 */
export async function decidePair(db: Kysely<Database>, ctx: PersonContext, pairId: number, decision: PairDecision): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const pair = await trx.selectFrom('duplicatePair').selectAll().where('reviewId', '=', ctx.reviewId).where('id', '=', pairId).executeTakeFirst();
    if (!pair) throw new NotFoundError('There is no such pair of records in this review.');
    if (pair.status === decision) return null;
    if (pair.status === 'same') throw new ValidationError({ decision: 'These records were merged: undo the merge to separate them.' });

    const primaries = await primariesOf(trx, ctx.reviewId, [pair.recordA, pair.recordB]);
    const [pa, pb] = [primaries.get(pair.recordA)!, primaries.get(pair.recordB)!];
    let mergeId: number | null = null;
    if (decision === 'same' && pa !== pb) {
      const primary = choosePrimary((await selectDedupRows(trx, ctx.reviewId, [pa, pb])).map(recordToDedup));
      const members = await groupMembers(trx, ctx.reviewId, [pa, pb]);
      mergeId = await mergeGroup(trx, ctx, { memberIds: members, primaryId: primary.id, reason: 'decision' });
    } else if (decision !== 'same' && pa === pb) {
      throw new ValidationError({ decision: 'These records are already merged through other records: undo that merge first.' });
    }

    await trx
      .updateTable('duplicatePair')
      .set({ status: decision, mergeId: decision === 'same' ? mergeId : pair.mergeId, decidedBy: ctx.actorId, decidedAt: new Date().toISOString() })
      .where('id', '=', pair.id)
      .execute();
    if (pair.status === 'pending') await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesPending, -1);
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.decide',
      entity: 'duplicate_pair',
      entityId: pair.id,
      before: { status: pair.status },
      after: { status: decision, mergeId },
    });
    return mergeId;
  });
}

/** Undoes a merge exactly (see undoMergeLinks) and marks `different` the pairs it separates. */
export async function undoMerge(db: Kysely<Database>, ctx: PersonContext, mergeId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('mergeEvent').selectAll().where('reviewId', '=', ctx.reviewId).where('id', '=', mergeId).executeTakeFirst();
    if (!event) throw new NotFoundError('There is no such merge in this review.');
    const links = await undoMergeLinks(trx, ctx, event);
    const moved = links.map((l) => l.id);
    const touched = await trx
      .selectFrom('duplicatePair')
      .select(['id', 'recordA', 'recordB'])
      .where('reviewId', '=', ctx.reviewId)
      .where('status', '=', 'same')
      .where((eb) => eb.or([eb('recordA', 'in', moved), eb('recordB', 'in', moved)]))
      .execute();
    const primaries = await primariesOf(trx, ctx.reviewId, touched.flatMap((p) => [p.recordA, p.recordB]));
    const separated = touched.filter((p) => primaries.get(p.recordA) !== primaries.get(p.recordB)).map((p) => p.id);
    if (separated.length > 0) {
      await trx
        .updateTable('duplicatePair')
        .set({ status: 'different', decidedBy: ctx.actorId, decidedAt: new Date().toISOString() })
        .where('id', 'in', separated)
        .execute();
    }
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.undo',
      entity: 'merge_event',
      entityId: event.id,
      before: { links: links.map((l) => ({ id: l.id, duplicateOf: l.after })) },
      after: { links: links.map((l) => ({ id: l.id, duplicateOf: l.before })), pairsSeparated: separated },
    });
  });
}

/** Makes a duplicate the primary of its group (the old primary and the others link to it). Returns the merge event. */
export async function changePrimary(db: Kysely<Database>, ctx: PersonContext, recordId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const record = await trx.selectFrom('record').select(['id', 'duplicateOf']).where('reviewId', '=', ctx.reviewId).where('id', '=', recordId).executeTakeFirst();
    if (!record) throw new NotFoundError('There is no such record in this review.');
    if (record.duplicateOf === null) throw new ValidationError({ primary: 'This record is not a duplicate: it is already the primary of its group.' });
    const members = await groupMembers(trx, ctx.reviewId, [record.duplicateOf]);
    // Never null: the record's own link is cleared, so the merge always changes something.
    return (await mergeGroup(trx, ctx, { memberIds: members, primaryId: record.id, reason: 'primary' }))!;
  });
}
