/**
 * One ranking of a stage in relevance order: read its items and settled outcomes from one snapshot,
 * train on the settled outcomes (include and maybe relevant, exclude irrelevant — never a single
 * vote of a stage that needs more), rank the open records highest score first (ties in the stage's
 * seeded order), write the positions of the first TOP as sort keys below every earlier ranking's, and
 * record the stopping estimate. Until the stage has one relevant and one irrelevant outcome, the open
 * records keep the seeded order (keys in [0, 1)).
 *
 * Only the first TOP are written because a ranking moves every position, and rewriting 35,000 keys
 * (and their index entries) after each settled decision held the write lock and grew the WAL for
 * nothing: a team decides far fewer than TOP records between two rankings, which come seconds
 * apart. Ranking v writes keys in (-v - 1, -v), so the latest ranking's records always come first;
 * the rest keep their places behind them.
 */
import { sql, type Kysely } from 'kysely';
import { ChunkSizer } from '../db/chunk-sizer.js';
import type { Database, Stage } from '../db/schema.js';
import { rankCandidates } from '../ranking/query.js';
import { trainAndScore } from '../ranking/relevance-model.js';
import { seededRank } from '../ranking/seeded-rank.js';
import type { RankedBy } from './ranker-tables.js';
import type { ReviewMatrices } from './review-matrix.js';
import { settledInOrder, stageEstimate } from './stopping-estimate.js';

export interface StageToRank {
  reviewId: number;
  stage: Stage;
}

interface Item {
  recordId: number;
  status: string;
  outcome: string | null;
  active: number;
  sortKey: number;
}

const KEY_CHUNK = { first: 2000, min: 200, max: 20000 };
const TOP = 2000;

export async function rankStage(db: Kysely<Database>, target: StageToRank, matrices: ReviewMatrices, afterChunk: (ms: number) => void, top = TOP): Promise<void> {
  const started = performance.now();
  const snapshot = await db.transaction().setAccessMode('read only').execute(async (trx) => {
    const setting = await trx.selectFrom('screeningSetting').select(['recordOrder', 'orderSeed', 'recallTarget']).where('reviewId', '=', target.reviewId).where('stage', '=', target.stage).executeTakeFirst();
    const state = await trx.selectFrom('rankingStage').select('version').where('reviewId', '=', target.reviewId).where('stage', '=', target.stage).executeTakeFirst();
    const items: Item[] = await trx.selectFrom('screeningItem').select(['recordId', 'status', 'outcome', 'active', 'sortKey']).where('reviewId', '=', target.reviewId).where('stage', '=', target.stage).execute();
    const settled = await settledInOrder(trx, target.reviewId, target.stage);
    return { setting, state, items, settled };
  });
  const { setting, state, items, settled } = snapshot;
  if (!setting || !state || setting.recordOrder !== 'relevance') return;

  const open = items.filter((i) => i.active === 1 && i.status === 'open');
  const labelled = items.filter((i) => i.active === 1 && i.status === 'decided');
  const relevant = labelled.filter((i) => i.outcome !== 'exclude').length;
  const irrelevant = labelled.length - relevant;
  const rankedBy: RankedBy = relevant > 0 && irrelevant > 0 ? 'model' : 'seeded';
  const keys = rankedBy === 'model' ? await modelKeys(open, labelled, target.reviewId, setting.orderSeed, state.version, matrices, top) : seededKeys(open, setting.orderSeed);

  const changed = open.flatMap((item) => {
    const key = keys.get(item.recordId);
    return key !== undefined && key !== item.sortKey ? [[item.recordId, key] as const] : [];
  });
  await writeKeys(db, target, setting.orderSeed, changed, afterChunk);

  const activeTotal = items.filter((i) => i.active === 1 && i.status !== 'not_retrieved').length;
  const estimate = stageEstimate(settled, activeTotal, setting.recallTarget);
  await db
    .updateTable('rankingStage')
    .set({
      rankedVersion: state.version,
      rankedBy,
      relevantLabels: relevant,
      irrelevantLabels: irrelevant,
      rankedAt: new Date().toISOString(),
      rankMs: Math.round(performance.now() - started),
      estimateJson: JSON.stringify(estimate),
    })
    .where('reviewId', '=', target.reviewId)
    .where('stage', '=', target.stage)
    .execute();
}

/** The first TOP open records by the model's scores, as keys in (-version - 1, -version); records without features yet keep theirs. */
async function modelKeys(open: Item[], labelled: Item[], reviewId: number, seed: number, version: number, matrices: ReviewMatrices, top: number): Promise<Map<number, number>> {
  const { matrix, recordIds, rowOf } = await matrices.of(reviewId);
  const rows: number[] = [];
  const labels: number[] = [];
  for (const item of labelled) {
    const row = rowOf.get(item.recordId);
    if (row === undefined) continue;
    rows.push(row);
    labels.push(item.outcome === 'exclude' ? 0 : 1);
  }
  const candidates = open.flatMap((item) => {
    const row = rowOf.get(item.recordId);
    return row === undefined ? [] : [row];
  });
  if (!labels.includes(1) || !labels.includes(0)) return seededKeys(open, seed);
  const keys = new Map<number, number>();
  const scores = trainAndScore(matrix, rows, labels, seed);
  const order = rankCandidates(scores, candidates, (row) => seededRank(seed, recordIds[row]!));
  const first = order.subarray(0, top);
  first.forEach((row, position) => keys.set(recordIds[row]!, -version - 1 + (position + 1) / (first.length + 1)));
  return keys;
}

function seededKeys(open: Item[], seed: number): Map<number, number> {
  return new Map(open.map((item) => [item.recordId, seededRank(seed, item.recordId)]));
}

/**
 * Writes the keys in chunks that hold the write lock briefly, each only while the stage is still in
 * relevance order with the same seed (an owner switching order meanwhile has re-sorted it already).
 */
async function writeKeys(db: Kysely<Database>, target: StageToRank, seed: number, changed: ReadonlyArray<readonly [number, number]>, afterChunk: (ms: number) => void): Promise<void> {
  const sizer = new ChunkSizer(KEY_CHUNK);
  for (let at = 0; at < changed.length; ) {
    const chunk = changed.slice(at, at + sizer.next());
    const began = performance.now();
    await sql`
      UPDATE screening_item AS i SET sort_key = j.value ->> 1
      FROM json_each(${JSON.stringify(chunk)}) AS j
      WHERE i.record_id = j.value ->> 0 AND i.stage = ${target.stage}
        AND EXISTS (SELECT 1 FROM screening_setting s WHERE s.review_id = ${target.reviewId} AND s.stage = ${target.stage} AND s.record_order = 'relevance' AND s.order_seed = ${seed})`.execute(db);
    const took = performance.now() - began;
    sizer.took(took, chunk.length);
    at += chunk.length;
    afterChunk(took);
  }
}
