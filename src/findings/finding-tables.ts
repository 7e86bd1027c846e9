import type { Generated } from 'kysely';
import type { Concern, Confidence } from './cerqual.js';

/** Kysely's view of migrations/0018_review_findings.sql. */

export interface ReviewFindingTable {
  id: Generated<number>;
  reviewId: number;
  position: number;
  statement: string;
  /** The theme (a code of the review's codebook). */
  codeId: number | null;
  methodologicalLimitations: Concern | null;
  methodologicalLimitationsExplanation: Generated<string>;
  coherence: Concern | null;
  coherenceExplanation: Generated<string>;
  adequacy: Concern | null;
  adequacyExplanation: Generated<string>;
  relevance: Concern | null;
  relevanceExplanation: Generated<string>;
  confidence: Confidence | null;
  confidenceExplanation: Generated<string>;
  createdBy: number | null;
  createdAt: string;
  updatedBy: number | null;
  updatedAt: string;
}

export interface ReviewFindingStudyTable {
  findingId: number;
  /** The study's lead report when the finding was written. */
  recordId: number;
  reviewId: number;
}

export interface ReviewFindingExcerptTable {
  findingId: number;
  excerptId: number;
  reviewId: number;
}
