/**
 * Duplicates in a review: detection, the review queue, merges and their undo. Each call is one
 * transaction that keeps COUNTERS.duplicatesMarked (records linked as duplicates) and
 * COUNTERS.duplicatesPending (queue rows) exact and writes the audit history.
 *
 * ```ts
 * await detectDuplicates(db, { reviewId, actorId }, { newIds }); // after an import; without newIds: the whole review
 * await decidePair(db, { reviewId, actorId }, pairId, 'same');    // merges the two records' groups
 * await undoMerge(db, { reviewId, actorId }, mergeId);            // links and filled fields as before
 * await changePrimary(db, { reviewId, actorId }, recordId);       // this duplicate becomes its group's primary
 * await separateReport(db, { reviewId, actorId }, recordId);      // no longer a report of the same study as its versions
 * ```
 *
 * - Every pair detection finds is stored once (duplicate_pair): certain pairs as `same` with their
 *   merge, the others `pending`. A later run skips stored pairs, so it neither asks twice nor
 *   re-merges what a person separated.
 * - Undoing a merge marks `different` each `same` pair it leaves in two groups: that is how a
 *   separated pair is remembered. A person may still decide it `same` later from the queue.
 * - Certain pairs are not merged when their group holds two records a person kept apart
 *   (`different` or `versions`): they are queued instead.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database, PairStatus } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import { bumpCounter, COUNTERS, readCounters } from '../reviews/stage-counters.js';
import { choosePrimary, findDuplicates, groupDuplicates } from './find-duplicates.js';
import { groupMembers, mergeGroup, primariesOf, undoMergeLinks, type DedupContext } from './merge-group.js';
import { insertPairs, knownPairs, pairKey } from './pair-store.js';
import { recordToDedup, selectDedupRows } from './record-to-dedup.js';

export type { DedupContext } from './merge-group.js';
export type PairDecision = Exclude<PairStatus, 'pending'>;
type PersonContext = DedupContext & { actorId: number };

export interface DetectionResult {
  /** Pairs found that were not stored before. */
  newPairs: number;
  /** Merge events made automatically (one per group). */
  merges: number[];
  /** Pairs added to the queue. */
  queued: number;
  /** Records that the automatic merges linked as duplicates. */
  linked: number;
}

/**
 * Finds duplicates among the review's primary and unique records (with `newIds`: only pairs
 * touching those records), merges the certain ones group by group and queues the rest.
 */
export async function detectDuplicates(db: Kysely<Database>, ctx: DedupContext, options: { newIds?: Iterable<number> } = {}): Promise<DetectionResult> {
  return db.transaction().execute(async (trx) => {
    const markedBefore = (await readCounters(trx, ctx.reviewId)).duplicates_marked;
    const records = (await selectDedupRows(trx, ctx.reviewId)).map(recordToDedup);
    const known = await knownPairs(trx, ctx.reviewId);
    const fresh = findDuplicates(records, { newIds: options.newIds }).filter((p) => !known.has(pairKey(p.a, p.b)));
    const keptApart = new Set([...known].filter(([, status]) => status === 'different' || status === 'versions').map(([key]) => key));

    const mergeOf = new Map<number, number>();
    const merges: number[] = [];
    for (const group of groupDuplicates(fresh.filter((p) => p.kind === 'certain'), records)) {
      const members = await groupMembers(trx, ctx.reviewId, group.members);
      if (members.some((x) => members.some((y) => x < y && keptApart.has(pairKey(x, y))))) {
        for (const pair of fresh) {
          if (pair.kind !== 'certain' || !group.members.includes(pair.a)) continue;
          pair.kind = 'probable';
          pair.reasons.push('in a group with records a person kept apart');
        }
        continue;
      }
      const mergeId = await mergeGroup(trx, ctx, { memberIds: members, primaryId: group.primary, reason: 'automatic' });
      if (mergeId === null) continue;
      merges.push(mergeId);
      for (const id of group.members) mergeOf.set(id, mergeId);
    }

    const queued = await insertPairs(trx, ctx.reviewId, fresh, (pair) => {
      const mergeId = mergeOf.get(pair.a);
      return mergeId !== undefined && mergeId === mergeOf.get(pair.b) ? mergeId : null;
    });
    await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesPending, queued);
    // The merges keep the counter exact, and nothing else writes inside this transaction.
    const linked = (await readCounters(trx, ctx.reviewId)).duplicates_marked - markedBefore;
    const result = { newPairs: fresh.length, merges, queued, linked };
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.detect',
      entity: 'review',
      entityId: ctx.reviewId,
      after: { scope: options.newIds === undefined ? 'review' : 'new records', ...result },
    });
    return result;
  });
}

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

/**
 * Takes a record's work out of the study it was grouped into as a version: every `versions` pair
 * touching its group becomes `different`. Returns how many pairs changed.
 */
export async function separateReport(db: Kysely<Database>, ctx: PersonContext, recordId: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const primary = (await primariesOf(trx, ctx.reviewId, [recordId])).get(recordId);
    if (primary === undefined) throw new NotFoundError('There is no such record in this review.');
    const members = await groupMembers(trx, ctx.reviewId, [primary]);
    const pairs = await trx
      .selectFrom('duplicatePair')
      .select('id')
      .where('reviewId', '=', ctx.reviewId)
      .where('status', '=', 'versions')
      .where((eb) => eb.or([eb('recordA', 'in', members), eb('recordB', 'in', members)]))
      .execute();
    if (pairs.length === 0) throw new ValidationError({ study: 'This record is not grouped with other reports of a study.' });
    const ids = pairs.map((p) => p.id);
    await trx
      .updateTable('duplicatePair')
      .set({ status: 'different', decidedBy: ctx.actorId, decidedAt: new Date().toISOString() })
      .where('id', 'in', ids)
      .execute();
    await recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.separate-report',
      entity: 'record',
      entityId: primary,
      before: { versionsPairs: ids },
      after: { status: 'different' },
    });
    return ids.length;
  });
}
