import type { Sqlite } from '../db/open.js';
import type { RankerReads, StageItem } from './ranker-reads.js';

/**
 * The ranker's reads straight from better-sqlite3, as raw rows. SQLite has one connection per
 * thread, so these run inside whatever transaction Kysely has open on it: the `trx` argument is
 * that transaction, already in place.
 */
export function sqliteRankerReads(sqlite: Sqlite): RankerReads {
  return {
    stageItems: async (_trx, reviewId, stage) =>
      (sqlite.prepare('SELECT record_id, status, outcome, active, sort_key FROM screening_item WHERE review_id = ? AND stage = ?').raw().all(reviewId, stage) as Array<[number, string, string | null, number, number]>)
        .map(([recordId, status, outcome, active, sortKey]): StageItem => ({ recordId, status, outcome, active, sortKey })),
    settledInOrder: async (_trx, reviewId, stage) => {
      const rows = sqlite.prepare("SELECT record_id, outcome != 'exclude' FROM screening_item WHERE review_id = ? AND stage = ? AND status = 'decided' AND active = 1 ORDER BY settled_seq, record_id").raw().all(reviewId, stage) as Array<[number, number]>;
      return { recordIds: rows.map((r) => r[0]), labels: Uint8Array.from(rows, (r) => r[1]) };
    },
    termsCounts: async (reviewId) => ({
      all: sqlite.prepare('SELECT count(*) FROM record_terms WHERE review_id = ?').pluck().get(reviewId) as number,
      pending: sqlite.prepare('SELECT count(*) FROM record_terms WHERE review_id = ? AND terms IS NULL').pluck().get(reviewId) as number,
    }),
    eachTerms: async (reviewId, visit) => {
      const rows = sqlite.prepare('SELECT record_id, terms FROM record_terms WHERE review_id = ? AND terms IS NOT NULL ORDER BY record_id').raw().iterate(reviewId) as Iterable<[number, Uint8Array]>;
      for (const [recordId, terms] of rows) visit(recordId, terms);
    },
  };
}
