/**
 * What the ranker thread does, one step at a time: rank a stage in relevance order whose version has
 * moved since its last ranking (people are waiting for that), else build a chunk of pending
 * features. Decisions arriving during a ranking move the version again, so they coalesce into the
 * next one; after a restart, versions that differ are simply ranked again. A stage is ranked again
 * no sooner than a second, or twice its last ranking's time, after its last ranking: with twenty
 * reviewers deciding, a 50,000-record stage would otherwise keep a core busy retraining, and
 * retraining every few decisions instead of every one costs next to nothing in ranking quality.
 */
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, Stage } from '../db/schema.js';
import { buildPendingFeatures, hasPendingFeatures, reviewWithPendingFeatures } from './record-features.js';
import { rankStage, type RankerDb, type RankerMemory } from './rank-stage.js';
import { rankerReads } from './ranker-reads-of.js';
import { ReviewMatrices } from './review-matrix.js';

/** Records tokenised per step: ~0.1–0.3 s of work, so a stage waiting to be ranked never waits long. */
const FEATURE_CHUNK = 500;
const MIN_GAP_MS = 1000;

export interface RankerOptions {
  /** How many of the open records each ranking places (rank-stage.ts); fewer only in tests. */
  top?: number;
  /** The time between two rankings of one stage (default: a second, or twice the last ranking's time); 0 in tests that step by hand. */
  gapMs?: number;
}

export class RankerLoop {
  private readonly db: RankerDb;
  private readonly memory: RankerMemory;
  /** When each stage ("review:stage") may be ranked again. */
  private readonly due = new Map<string, number>();

  constructor(
    db: Db,
    private readonly afterChunk: (ms: number) => void,
    private readonly options: RankerOptions = {},
  ) {
    this.db = { kysely: db.kysely, reads: rankerReads(db) };
    this.memory = { matrices: new ReviewMatrices(this.db.reads), duals: new Map() };
  }

  /** Does one step of work; false when there was none (or none due yet). */
  async step(): Promise<boolean> {
    const now = Date.now();
    const stale = (await staleStages(this.db.kysely)).find((s) => (this.due.get(`${s.reviewId}:${s.stage}`) ?? 0) <= now);
    if (stale) {
      while (await hasPendingFeatures(this.db.kysely, stale.reviewId)) await this.buildFeatures(stale.reviewId);
      const started = Date.now();
      try {
        await rankStage(this.db, stale, this.memory, this.afterChunk, this.options.top);
      } finally {
        // Also after a failure, so one stage that fails does not hold up every other review's.
        const took = Date.now() - started;
        this.due.set(`${stale.reviewId}:${stale.stage}`, Date.now() + (this.options.gapMs ?? Math.max(MIN_GAP_MS, 2 * took)));
      }
      return true;
    }
    const reviewId = await reviewWithPendingFeatures(this.db.kysely);
    if (reviewId === null) return false;
    await this.buildFeatures(reviewId);
    return true;
  }

  private async buildFeatures(reviewId: number): Promise<void> {
    const started = Date.now();
    const built = await buildPendingFeatures(this.db.kysely, reviewId, FEATURE_CHUNK);
    if (built > 0) this.memory.matrices.featuresChanged(reviewId);
    // Requests waiting for the write lock go before the next chunk.
    this.afterChunk(Date.now() - started);
  }
}

/** Stages in relevance order whose order is out of date, the longest waiting first. */
export async function staleStages(db: Kysely<Database>): Promise<Array<{ reviewId: number; stage: Stage }>> {
  return db
    .selectFrom('rankingStage as r')
    .innerJoin('screeningSetting as s', (join) => join.onRef('s.reviewId', '=', 'r.reviewId').onRef('s.stage', '=', 'r.stage'))
    .select(['r.reviewId', 'r.stage'])
    .where('s.recordOrder', '=', 'relevance')
    .whereRef('r.version', '!=', 'r.rankedVersion')
    .orderBy('r.rankedAt')
    .execute();
}
