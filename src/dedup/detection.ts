/**
 * A duplicate check of a review: which of its records are the same work, merged when certain and
 * queued for a person otherwise. It reads one snapshot, decides in memory, then writes in chunks of
 * a few groups or a few hundred pairs, each its own transaction, so a reviewer's decision never
 * waits for the whole check (at 50,000 records it writes ~3,000 merges).
 *
 * ```ts
 * await detectDuplicates(db, { reviewId, actorId }, { newIds });  // after an import; without newIds: the whole review
 * ```
 *
 * - Every pair found is stored once (duplicate_pair): certain pairs as `same` with their merge, the
 *   others `pending`. Stored pairs are skipped, so a check neither asks twice nor re-merges what a
 *   person separated, and a check interrupted half-way simply does the rest when run again.
 * - Each chunk re-reads what it changes: a group whose records a person kept apart (`different` or
 *   `versions`) since the snapshot is queued instead of merged, a group whose primary was removed
 *   meanwhile waits for the next check, and pairs of removed records are dropped.
 * - COUNTERS.duplicatesMarked and duplicatesPending change in the chunk that changes their rows; one
 *   audit event tells what the check did once it has finished (each merge has its own as it happens).
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { ChunkSizer } from '../db/chunk-sizer.js';
import type { Database, PairStatus } from '../db/schema.js';
import { bumpCounter, COUNTERS, readCounters } from '../reviews/stage-counters.js';
import { findDuplicates, groupDuplicates, type DuplicateGroup, type DuplicatePair } from './find-duplicates.js';
import { groupMembers, mergeGroup, type DedupContext } from './merge-group.js';
import { insertPairs, knownPairs, pairKey } from './pair-store.js';
import { recordToDedup, selectDedupRows } from './record-to-dedup.js';

export interface DetectionTotals {
  /** Pairs found that were not stored before. */
  newPairs: number;
  /** Pairs added to the queue. */
  queued: number;
  /** Records that the automatic merges linked as duplicates. */
  linked: number;
}

export interface DetectionResult extends DetectionTotals {
  /** Merge events made automatically (one per group). */
  merges: number[];
}

export interface DetectionHooks {
  /** Between two chunks: a background writer lets waiting requests go first (db/write-turns.ts). */
  afterChunk?(chunkMs: number): void;
  /** Inside each chunk's transaction, with what that chunk wrote: a job keeps its totals here. */
  onChunk?(trx: Kysely<Database>, done: DetectionTotals & { merges: number }): Promise<void>;
  progress?(text: string): Promise<void>;
}

// Chunks are sized to hold the write lock ~50 ms (db/chunk-sizer.ts): a decision waits at most about that long.
const GROUP_CHUNK = { first: 10, min: 1, max: 200 };
const PAIR_CHUNK = { first: 200, min: 50, max: 2000 };

interface Plan {
  groups: DuplicateGroup[];
  /** The pairs to store with each group (those touching its records), and the rest. */
  pairsOfGroup: DuplicatePair[][];
  otherPairs: DuplicatePair[];
  newPairs: number;
}

/** Reads one snapshot of the review and decides, in memory, what to merge and what to queue. */
async function plan(db: Kysely<Database>, reviewId: number, newIds: Iterable<number> | undefined): Promise<Plan> {
  const { records, known } = await db.transaction().setAccessMode('read only').execute(async (trx) => ({
    records: (await selectDedupRows(trx, reviewId)).map(recordToDedup),
    known: await knownPairs(trx, reviewId),
  }));
  const fresh = findDuplicates(records, { newIds }).filter((p) => !known.has(pairKey(p.a, p.b)));
  const groups = groupDuplicates(fresh.filter((p) => p.kind === 'certain'), records);
  const groupOf = new Map<number, number>();
  groups.forEach((group, index) => group.members.forEach((id) => groupOf.set(id, index)));
  const pairsOfGroup: DuplicatePair[][] = groups.map(() => []);
  const otherPairs: DuplicatePair[] = [];
  for (const pair of fresh) {
    const index = groupOf.get(pair.a) ?? groupOf.get(pair.b);
    if (index === undefined) otherPairs.push(pair);
    else pairsOfGroup[index]!.push(pair);
  }
  return { groups, pairsOfGroup, otherPairs, newPairs: fresh.length };
}

/**
 * Finds duplicates among the review's primary and unique records (with `newIds`: only pairs
 * touching those records), merges the certain ones group by group and queues the rest.
 */
export async function detectDuplicates(
  db: Kysely<Database>,
  ctx: DedupContext,
  options: { newIds?: Iterable<number> } = {},
  hooks: DetectionHooks = {},
): Promise<DetectionResult> {
  await hooks.progress?.('Reading the records…');
  const { groups, pairsOfGroup, otherPairs, newPairs } = await plan(db, ctx.reviewId, options.newIds);
  const totals: DetectionResult = { newPairs, merges: [], queued: 0, linked: 0 };
  const chunk = async (sizer: ChunkSizer, size: number, write: (trx: Kysely<Database>) => Promise<{ merges: number[]; queued: number; stored: number }>) => {
    const started = performance.now();
    await db.transaction().execute(async (trx) => {
      const markedBefore = (await readCounters(trx, ctx.reviewId)).duplicates_marked;
      const done = await write(trx);
      await bumpCounter(trx, ctx.reviewId, COUNTERS.duplicatesPending, done.queued);
      const linked = (await readCounters(trx, ctx.reviewId)).duplicates_marked - markedBefore;
      await hooks.onChunk?.(trx, { newPairs: done.stored, queued: done.queued, linked, merges: done.merges.length });
      totals.merges.push(...done.merges);
      totals.queued += done.queued;
      totals.linked += linked;
    });
    const took = performance.now() - started;
    sizer.took(took, size);
    hooks.afterChunk?.(took);
  };

  const groupSizer = new ChunkSizer(GROUP_CHUNK);
  for (let i = 0, size = groupSizer.next(); i < groups.length; i += size, size = groupSizer.next()) {
    await hooks.progress?.(`Linking duplicates: ${i.toLocaleString('en-GB')} of ${groups.length.toLocaleString('en-GB')} groups`);
    await chunk(groupSizer, size, async (trx) => {
      const merges: number[] = [];
      const mergeOf = new Map<number, number>();
      const pairs: DuplicatePair[] = [];
      for (let g = i; g < Math.min(i + size, groups.length); g++) {
        const mergeId = await mergeIfStillSo(trx, ctx, groups[g]!, pairsOfGroup[g]!);
        if (mergeId !== null) {
          merges.push(mergeId);
          for (const id of groups[g]!.members) mergeOf.set(id, mergeId);
        }
        pairs.push(...pairsOfGroup[g]!);
      }
      const { queued, stored } = await storePairs(trx, ctx.reviewId, pairs, mergeOf);
      return { merges, queued, stored };
    });
  }
  const pairSizer = new ChunkSizer(PAIR_CHUNK);
  for (let i = 0, size = pairSizer.next(); i < otherPairs.length; i += size, size = pairSizer.next()) {
    await hooks.progress?.(`Queueing pairs for review: ${i.toLocaleString('en-GB')} of ${otherPairs.length.toLocaleString('en-GB')}`);
    await chunk(pairSizer, size, async (trx) => ({ merges: [], ...(await storePairs(trx, ctx.reviewId, otherPairs.slice(i, i + size), new Map())) }));
  }
  await db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId: ctx.actorId,
      reviewId: ctx.reviewId,
      action: 'duplicates.detect',
      entity: 'review',
      entityId: ctx.reviewId,
      after: { scope: options.newIds === undefined ? 'review' : 'new records', ...totals },
    }),
  );
  return totals;
}

/**
 * Merges a certain group as it stands now, or returns null: when a person has since kept two of its
 * records apart its certain pairs go to the queue instead (marked so in `pairs`), and when its
 * primary is gone (its search removed) it is left for the next check.
 */
async function mergeIfStillSo(trx: Kysely<Database>, ctx: DedupContext, group: DuplicateGroup, pairs: DuplicatePair[]): Promise<number | null> {
  const members = await groupMembers(trx, ctx.reviewId, group.members);
  if (!members.includes(group.primary)) return null;
  if (await anyKeptApart(trx, ctx.reviewId, members)) {
    for (const pair of pairs) {
      if (pair.kind !== 'certain') continue;
      pair.kind = 'probable';
      pair.reasons.push('in a group with records a person kept apart');
    }
    return null;
  }
  return mergeGroup(trx, ctx, { memberIds: members, primaryId: group.primary, reason: 'automatic' });
}

const KEPT_APART: readonly PairStatus[] = ['different', 'versions'];

async function anyKeptApart(trx: Kysely<Database>, reviewId: number, members: readonly number[]): Promise<boolean> {
  const row = await trx
    .selectFrom('duplicatePair')
    .select('id')
    .where('reviewId', '=', reviewId)
    .where('status', 'in', KEPT_APART)
    .where('recordA', 'in', members)
    .where('recordB', 'in', members)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores the pairs whose two records still exist: `same` when one merge joined them, pending otherwise. */
async function storePairs(trx: Kysely<Database>, reviewId: number, pairs: readonly DuplicatePair[], mergeOf: ReadonlyMap<number, number>) {
  if (pairs.length === 0) return { queued: 0, stored: 0 };
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const existing = new Set((await trx.selectFrom('record').select('id').where('reviewId', '=', reviewId).where('id', 'in', ids).execute()).map((r) => r.id));
  const present = pairs.filter((p) => existing.has(p.a) && existing.has(p.b));
  return insertPairs(trx, reviewId, present, (pair) => {
    const mergeId = mergeOf.get(pair.a);
    return mergeId !== undefined && mergeId === mergeOf.get(pair.b) ? mergeId : null;
  });
}
