import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { bumpCounter, COUNTERS } from '../reviews/stage-counters.js';
import { choosePrimary } from './choose-primary.js';
import type { LinkChange, DedupContext } from './merge-group.js';
import { recordToDedup, selectDedupRows } from './record-to-dedup.js';

/**
 * Takes a batch's records out of every duplicate group, pair and merge, inside the caller's
 * transaction, so they can be deleted. A group whose primary leaves gets a new primary among the
 * records that stay (choosePrimary); pairs touching the records are deleted; merge events are
 * re-pointed at what stays, so an undo still restores exactly what remains (events left with no
 * primary are deleted). Counters stay exact; the audit history says what moved.
 */
export async function detachBatch(trx: Kysely<Database>, ctx: DedupContext, batchId: number): Promise<void> {
  const leaving = trx.selectFrom('record').select('id').where('batchId', '=', batchId);
  const removed = new Set((await leaving.execute()).map((r) => r.id));

  const pending = await trx
    .deleteFrom('duplicatePair')
    .where('reviewId', '=', ctx.reviewId)
    .where((eb) => eb.or([eb('recordA', 'in', leaving), eb('recordB', 'in', leaving)]))
    .returning('status')
    .execute();
  await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesPending, -pending.filter((p) => p.status === 'pending').length);

  // The leaving duplicates stop counting; then each leaving primary's staying group gets a new primary.
  const unlinked = await trx.updateTable('record').set({ duplicateOf: null }).where('batchId', '=', batchId).where('duplicateOf', 'is not', null).executeTakeFirst();
  const orphans = await trx.selectFrom('record').select(['id', 'duplicateOf']).where('duplicateOf', 'in', leaving).execute();
  const successor = new Map<number, number | null>([...removed].map((id) => [id, null]));
  const orphaned = new Set(orphans.map((o) => o.duplicateOf!));
  for (const oldPrimary of orphaned) {
    const stay = orphans.filter((o) => o.duplicateOf === oldPrimary).map((o) => o.id);
    const next = choosePrimary((await selectDedupRows(trx, ctx.reviewId, stay)).map(recordToDedup)).id;
    successor.set(oldPrimary, next);
    await trx.updateTable('record').set({ duplicateOf: null }).where('id', '=', next).execute();
    await trx.updateTable('record').set({ duplicateOf: next }).where('duplicateOf', '=', oldPrimary).execute();
  }
  // Each promoted record stops counting as a duplicate.
  await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesMarked, -Number(unlinked.numUpdatedRows) - orphaned.size);

  const events = await repointMerges(trx, ctx.reviewId, successor);
  await recordAudit(trx, {
    actorId: ctx.actorId,
    reviewId: ctx.reviewId,
    action: 'duplicates.detach',
    entity: 'import_batch',
    entityId: batchId,
    after: { newPrimaries: Object.fromEntries([...successor].filter(([, to]) => to !== null)), pairsDeleted: pending.length, ...events },
  });
}

/** Merge events without the leaving records: ids mapped through `successor` (null: gone). */
async function repointMerges(trx: Kysely<Database>, reviewId: number, successor: ReadonlyMap<number, number | null>) {
  const map = (id: number | null) => (id !== null && successor.has(id) ? successor.get(id)! : id);
  const deleted: number[] = [];
  const changed: number[] = [];
  for (const event of await trx.selectFrom('mergeEvent').selectAll().where('reviewId', '=', reviewId).execute()) {
    const links = JSON.parse(event.linksJson) as LinkChange[];
    if (!successor.has(event.primaryId) && !links.some((l) => successor.has(l.id))) continue;
    const primaryId = map(event.primaryId);
    if (primaryId === null) {
      await trx.updateTable('duplicatePair').set({ mergeId: null }).where('mergeId', '=', event.id).execute();
      await trx.deleteFrom('mergeEvent').where('id', '=', event.id).execute();
      deleted.push(event.id);
      continue;
    }
    // A record never links to itself: the promoted primary's link becomes null.
    const own = (id: number, to: number | null) => (map(to) === id ? null : map(to));
    const kept = links
      .filter((l) => !successor.has(l.id))
      .map((l) => ({ id: l.id, before: own(l.id, l.before), after: own(l.id, l.after) }))
      .filter((l) => l.before !== l.after);
    await trx
      .updateTable('mergeEvent')
      .set({
        primaryId,
        linksJson: JSON.stringify(kept),
        // Fields filled into a record that left cannot be put back on its successor.
        ...(primaryId !== event.primaryId ? { filledJson: '[]', primaryUpdatedAt: null } : {}),
      })
      .where('id', '=', event.id)
      .execute();
    changed.push(event.id);
  }
  return { mergesDeleted: deleted, mergesRepointed: changed };
}
