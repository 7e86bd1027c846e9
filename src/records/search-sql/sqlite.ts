/**
 * Record search on SQLite's FTS5 (the tables of migrations/0002, tokenizer `unicode61
 * remove_diacritics 2`): MATCH, bm25 ranking and the fts5vocab vocabulary. User text only ever
 * travels as a bound parameter, and MATCH expressions come from `toMatchExpression`, which quotes
 * every token.
 */
import { toMatchExpression } from '../fts-query.js';
import { searchDb } from './search-tables.js';
import type { MatchingRecords, SearchEngine } from './search-engine.js';

/**
 * bm25 weights per indexed column, in the order migrations/0002 declares them: title, abstract,
 * authors, keywords, journal. A word in the title counts ten times one in the abstract.
 */
const RANK_BY = 'bm25(10.0, 1.0, 2.0, 4.0, 0.5)';

export const sqliteSearch: SearchEngine = {
  matchExpression: toMatchExpression,

  /**
   * `search_index.rank` is FTS5's own ranking column (bm25, negative, best first), its weights set
   * through `rank MATCH`: ordering by it lets FTS5 sort inside the index, several times faster
   * than `ORDER BY bm25(...)`, and equal ranks stay in rowid order. CROSS JOIN keeps record_fts as
   * the outer loop: left to itself SQLite may walk a record index (say, by year) and test MATCH row
   * by row, which takes seconds at 50,000 records instead of milliseconds. FTS5's one index holds
   * every review: the caller's filter on record.review_id picks the review's.
   */
  matchingRecords: (db, _reviewId, match): MatchingRecords =>
    searchDb(db)
      .selectFrom('recordFts as searchIndex')
      .crossJoin('record')
      .whereRef('record.id', '=', 'searchIndex.rowid')
      .where('searchIndex.recordFts', 'match', match)
      .where('searchIndex.rank', 'match', RANK_BY),

  /** fts5vocab answers a term range without a full scan, in term order. */
  async vocabularyRange(db, from, to, limit) {
    const rows = await searchDb(db).selectFrom('recordFtsVocab').select('term').where('term', '>=', from).where('term', '<', to).limit(limit).execute();
    return rows.map((row) => row.term);
  },
};
