import type { Generated } from 'kysely';

/** Kysely's view of migrations/0020_chart_summaries.sql. */

export interface StudyChartSummaryTable {
  reviewId: number;
  /** The study's lead report when the summary was written. */
  recordId: number;
  themeId: number;
  summary: string;
  updatedBy: number | null;
  updatedAt: string;
}

export interface FrameworkChartSummaryTable {
  reviewId: number;
  themeId: number;
  /** null: any level. */
  levelId: number | null;
  /** null: any direction. */
  directionId: number | null;
  /** A jurisdiction label, '' for all jurisdictions. */
  jurisdiction: Generated<string>;
  summary: string;
  updatedBy: number | null;
  updatedAt: string;
}
