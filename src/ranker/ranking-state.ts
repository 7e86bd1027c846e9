/** Where a stage's relevance order stands, as the screening and PRISMA pages show it. */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, Stage } from '../db/schema.js';
import type { RankedBy } from './ranker-tables.js';
import type { StageEstimate } from './stopping-estimate.js';

export interface RankingState {
  /** How the open records are ordered now: the seeded order (no model yet) or the model's; null before the first ranking. */
  rankedBy: RankedBy | null;
  relevantLabels: number;
  irrelevantLabels: number;
  /** Settled decisions have arrived since the last ranking: a new one is on its way. */
  updating: boolean;
  rankedAt: string | null;
  estimate: StageEstimate | null;
}

const stateRow = prepared<{ reviewId: number; stage: Stage }, { version: number; rankedVersion: number; rankedBy: RankedBy | null; relevantLabels: number; irrelevantLabels: number; rankedAt: string | null; estimateJson: string | null }>((db, param) =>
  db
    .selectFrom('rankingStage')
    .select(['version', 'rankedVersion', 'rankedBy', 'relevantLabels', 'irrelevantLabels', 'rankedAt', 'estimateJson'])
    .where('reviewId', '=', param('reviewId'))
    .where('stage', '=', param('stage')),
);

export async function readRankingState(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<RankingState> {
  const [row] = await stateRow(db, { reviewId, stage });
  if (!row) return { rankedBy: null, relevantLabels: 0, irrelevantLabels: 0, updating: false, rankedAt: null, estimate: null };
  return {
    rankedBy: row.rankedBy,
    relevantLabels: row.relevantLabels,
    irrelevantLabels: row.irrelevantLabels,
    updating: row.version !== row.rankedVersion,
    rankedAt: row.rankedAt,
    estimate: row.estimateJson === null ? null : (JSON.parse(row.estimateJson) as StageEstimate),
  };
}
