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
 * apart. Each ranking writes its keys in the unit interval below the stage's lowest key, so the
 * latest ranking's records always come first (also after a review archive brought its keys along);
 * the rest keep their places behind them.
 *
 * Blind stages with more than one reviewer per record learn in batches of BLIND_BATCH: the model
 * trains on the first multiple of BLIND_BATCH outcomes in the order they settled, so one record's
 * settling (say, the other reviewer agreeing with you) never moves the order by itself; only every
 * BLIND_BATCH-th settling does, and then for BLIND_BATCH records at once.
 */
import { sql, type Kysely } from 'kysely';
import { ChunkSizer } from '../db/chunk-sizer.js';
import { dialectOf } from '../db/dialect.js';
import type { Database, Stage } from '../db/schema.js';
import { rankCandidates } from '../ranking/query.js';
import { trainAndScoreFrom } from '../ranking/relevance-model.js';
import { seededRank } from '../ranking/seeded-rank.js';
import type { RankerReads, StageItem as Item } from './ranker-reads.js';
import type { RankedBy } from './ranker-tables.js';
import type { ReviewMatrices } from './review-matrix.js';
import type { SettledOrder } from './settled-order.js';
import { stageEstimate } from './stopping-estimate.js';
import { createHash } from 'node:crypto';

export interface StageToRank {
  reviewId: number;
  stage: Stage;
}

const KEY_CHUNK = { first: 2000, min: 200, max: 20000 };
const TOP = 2000;
export const BLIND_BATCH = 10;

/** The ranker thread's connection: Kysely for its writes, its database's own reads for the large ones. */
export interface RankerDb {
  kysely: Kysely<Database>;
  reads: RankerReads;
}

/**
 * The ranker thread's memory between rankings: each review's matrix, and each stage's dual variables
 * by record (the last training's, where the next one starts: after a few more settled decisions it
 * converges in fewer passes, to the same scores within the solver's tolerance).
 */
export interface RankerMemory {
  matrices: ReviewMatrices;
  duals: Map<string, Map<number, number>>;
}

export async function rankStage(db: RankerDb, target: StageToRank, memory: RankerMemory, afterChunk: (ms: number) => void, top = TOP): Promise<void> {
  const started = performance.now();
  const snapshot = await db.kysely.transaction().setAccessMode('read only').execute(async (trx) => {
    const setting = await trx.selectFrom('screeningSetting').select(['recordOrder', 'orderSeed', 'recallTarget', 'blind', 'reviewersNeeded']).where('reviewId', '=', target.reviewId).where('stage', '=', target.stage).executeTakeFirst();
    const state = await trx.selectFrom('rankingStage').select(['version', 'estimateKey']).where('reviewId', '=', target.reviewId).where('stage', '=', target.stage).executeTakeFirst();
    // Inside the snapshot: 50,000 rows through Kysely's result mapping took ~150 ms on SQLite.
    const items = await db.reads.stageItems(trx, target.reviewId, target.stage);
    const settled = await db.reads.settledInOrder(trx, target.reviewId, target.stage);
    return { setting, state, items, settled };
  });
  const { setting, state, items, settled } = snapshot;
  if (!setting || !state || setting.recordOrder !== 'relevance') return;

  const open = items.filter((i) => i.active === 1 && i.status === 'open');
  const taught = setting.blind === 1 && setting.reviewersNeeded > 1 ? firstOf(settled, Math.floor(settled.labels.length / BLIND_BATCH) * BLIND_BATCH) : settled;
  const relevant = taught.labels.reduce((n, label) => n + label, 0);
  const irrelevant = taught.labels.length - relevant;
  const rankedBy: RankedBy = relevant > 0 && irrelevant > 0 ? 'model' : 'seeded';
  const lowestKey = items.reduce((lowest, i) => Math.min(lowest, i.sortKey), 0);
  const keys = rankedBy === 'model' ? await modelKeys(open, taught, target, setting.orderSeed, Math.floor(lowestKey) - 1, memory, top) : seededKeys(open, setting.orderSeed);

  const changed = open.flatMap((item) => {
    const key = keys.get(item.recordId);
    return key !== undefined && key !== item.sortKey ? [[item.recordId, key] as const] : [];
  });
  await writeKeys(db.kysely, target, setting.orderSeed, changed, afterChunk);

  const activeTotal = items.filter((i) => i.active === 1 && i.status !== 'not_retrieved').length;
  // The test costs ~0.2 s at 15,000 settled records: only computed again when what it reads changed.
  const estimateKey = createHash('sha256').update(`${activeTotal}:${setting.recallTarget}:`).update(settled.labels).digest('hex');
  const estimate = estimateKey === state.estimateKey ? undefined : JSON.stringify(stageEstimate(settled.labels, activeTotal, setting.recallTarget));
  await db.kysely
    .updateTable('rankingStage')
    .set({
      rankedVersion: state.version,
      rankedBy,
      relevantLabels: relevant,
      irrelevantLabels: irrelevant,
      rankedAt: new Date().toISOString(),
      rankMs: Math.round(performance.now() - started),
      ...(estimate === undefined ? {} : { estimateJson: estimate, estimateKey }),
    })
    .where('reviewId', '=', target.reviewId)
    .where('stage', '=', target.stage)
    .execute();
}

function firstOf(settled: SettledOrder, n: number): SettledOrder {
  return { recordIds: settled.recordIds.slice(0, n), labels: settled.labels.subarray(0, n) };
}

/** The first `top` open records by the model's scores, as keys in (base, base + 1); records without features yet keep theirs. */
async function modelKeys(open: Item[], taught: SettledOrder, target: StageToRank, seed: number, base: number, memory: RankerMemory, top: number): Promise<Map<number, number>> {
  const { matrix, recordIds, rowOf } = await memory.matrices.of(target.reviewId);
  const rows: number[] = [];
  const labels: number[] = [];
  taught.recordIds.forEach((recordId, i) => {
    const row = rowOf.get(recordId);
    if (row === undefined) return;
    rows.push(row);
    labels.push(taught.labels[i]!);
  });
  const candidates = open.flatMap((item) => {
    const row = rowOf.get(item.recordId);
    return row === undefined ? [] : [row];
  });
  if (!labels.includes(1) || !labels.includes(0)) return seededKeys(open, seed);
  const keys = new Map<number, number>();
  const stageKey = `${target.reviewId}:${target.stage}`;
  const previous = memory.duals.get(stageKey);
  const { scores, alpha } = trainAndScoreFrom(matrix, rows, labels, seed, rows.map((row) => previous?.get(recordIds[row]!) ?? 0));
  memory.duals.set(stageKey, new Map(rows.map((row, i) => [recordIds[row]!, alpha[i]!])));
  const order = rankCandidates(scores, candidates, (row) => seededRank(seed, recordIds[row]!));
  const first = order.subarray(0, top);
  first.forEach((row, position) => keys.set(recordIds[row]!, base + (position + 1) / (first.length + 1)));
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
    // In a write transaction, so the setting is read under the write lock: on PostgreSQL a bare
    // statement would test it against a snapshot taken before an owner's switch committed.
    await db.transaction().execute((trx) => sql`
      UPDATE screening_item AS i SET sort_key = k.sort_key
      FROM ${keyTable(trx, chunk)} AS k
      WHERE i.record_id = k.record_id AND i.stage = ${target.stage}
        AND EXISTS (SELECT 1 FROM screening_setting s WHERE s.review_id = ${target.reviewId} AND s.stage = ${target.stage} AND s.record_order = 'relevance' AND s.order_seed = ${seed})`.execute(trx));
    const took = performance.now() - began;
    sizer.took(took, chunk.length);
    at += chunk.length;
    afterChunk(took);
  }
}

/**
 * The chunk's (record, key) pairs as a table bound as one or two parameters (json-sql.ts's
 * numberPairs makes whole numbers of them on PostgreSQL; sort keys are fractions).
 */
function keyTable(db: Kysely<Database>, pairs: ReadonlyArray<readonly [number, number]>) {
  return dialectOf(db) === 'postgres'
    ? sql`(select * from unnest(cast(${pairs.map((p) => p[0])} as bigint[]), cast(${pairs.map((p) => p[1])} as float8[])) as keys(record_id, sort_key))`
    : sql`(select value ->> 0 as record_id, value ->> 1 as sort_key from json_each(${JSON.stringify(pairs)}))`;
}
