/** Kysely types of the relevance-ranking tables (migrations/0023_relevance_ranking.sql). */
import type { Generated } from 'kysely';

export interface RecordTermsTable {
  recordId: number;
  reviewId: number;
  /** encodeTermCounts() of the record's title and abstract; null until the ranker thread builds it. */
  terms: Uint8Array | null;
}

export type RankedBy = 'seeded' | 'model';

export interface RankingStageTable {
  reviewId: number;
  /** A Stage of db/schema.ts, spelled out: schema.ts imports this file, not the other way round. */
  stage: 'title_abstract' | 'full_text';
  version: Generated<number>;
  rankedVersion: Generated<number>;
  rankedBy: RankedBy | null;
  relevantLabels: Generated<number>;
  irrelevantLabels: Generated<number>;
  rankedAt: string | null;
  rankMs: number | null;
  estimateJson: string | null;
  /** What the estimate was computed from (settled outcomes, N, target), so an unchanged one is not computed again. */
  estimateKey: string | null;
}
