/** Kysely types of the quality-appraisal tables (migrations/0017_quality_appraisal.sql). */

export interface AppraisalSettingTable {
  reviewId: number;
  instrument: string;
  appraisers: number;
  updatedBy: number | null;
  updatedAt: string;
}

export interface AppraisalCustomInstrumentTable {
  reviewId: number;
  name: string;
  questionsJson: string;
  answersJson: string;
  updatedBy: number | null;
  updatedAt: string;
}

export interface StudyAppraisalTable {
  reviewId: number;
  /** The study's lead report when the row was written; read over all of the study's reports. */
  recordId: number;
  appraiserId: number;
  instrument: string;
  category: string;
  answersJson: string;
  overall: string;
  note: string;
  finishedAt: string | null;
  updatedAt: string;
}

export interface AppraisalConsensusTable {
  recordId: number;
  reviewId: number;
  instrument: string;
  category: string;
  answersJson: string;
  overall: string;
  note: string;
  decidedBy: number | null;
  decidedAt: string;
}
