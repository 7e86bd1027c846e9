/**
 * The ranker's large reads, one implementation per database: a stage's items and settled order (tens
 * of thousands of rows, read inside the ranking's snapshot) and a review's record_terms (the matrix
 * is built from them). On SQLite they skip Kysely's result mapping, which cost more than the training
 * at 50,000 records; on PostgreSQL they run on the snapshot's own connection. rankerReads()
 * (ranker-reads-of.ts) picks the one for the database.
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import type { SettledOrder } from './settled-order.js';

export interface StageItem {
  recordId: number;
  status: string;
  outcome: string | null;
  active: number;
  sortKey: number;
}

export interface RankerReads {
  /** Every screening item of the stage; `trx` is the ranking's read-only transaction. */
  stageItems(trx: Kysely<Database>, reviewId: number, stage: Stage): Promise<StageItem[]>;
  /** The stage's settled records in the order they settled (settled-order.ts), in `trx`. */
  settledInOrder(trx: Kysely<Database>, reviewId: number, stage: Stage): Promise<SettledOrder>;
  /** How many record_terms rows the review has, and how many are pending; from indexes alone. */
  termsCounts(reviewId: number): Promise<{ all: number; pending: number }>;
  /** Visits the review's built features in record order, each blob once, never all held at once. */
  eachTerms(reviewId: number, visit: (recordId: number, terms: Uint8Array) => void): Promise<void>;
}
