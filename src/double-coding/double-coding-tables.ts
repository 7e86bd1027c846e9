/** Kysely types of the double-coding tables (migrations/0021_double_coding.sql). */
import type { Generated } from 'kysely';

export type CodingMode = 'shared' | 'double';

export interface CodingSettingTable {
  reviewId: number;
  mode: CodingMode;
  updatedBy: number | null;
  updatedAt: string;
}

export interface CodingPassTable {
  reviewId: number;
  /** The study's lead report when the pass began; read over all of the study's reports. */
  recordId: number;
  coderId: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface PassStudyCodeTable {
  reviewId: number;
  recordId: number;
  coderId: number;
  codeId: number;
  createdAt: string;
}

export interface PassExcerptTable {
  id: Generated<number>;
  reviewId: number;
  recordId: number;
  coderId: number;
  text: string;
  location: string;
  memo: string;
  language: string;
  translation: string;
  translator: string;
  createdAt: string;
  /** The agreed excerpt this one became when taken into the consensus as it is. */
  takenExcerptId: number | null;
}

export interface PassExcerptCodeTable {
  passExcerptId: number;
  codeId: number;
}

export interface CodingConsensusTable {
  recordId: number;
  reviewId: number;
  completedBy: number | null;
  completedAt: string;
}
