/**
 * THE REVIEWED PLACE FOR FTS5 SQL. Everything SQLite-specific about searching records lives here:
 * the FTS5 tables (`record_fts`, `record_fts_vocab`, see migrations/0002), MATCH, bm25 ranking and
 * vocabulary lookups. Nothing here uses sql.raw/sql.lit/sql.ref or interpolates identifiers: the
 * tables are typed for Kysely, and user text only ever travels as a bound parameter. MATCH
 * expressions must come from `toMatchExpression` (fts-query.ts), which quotes every token.
 *
 * Another dialect (PostgreSQL tsvector, say) would replace this one module.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

/** FTS5 virtual tables, which the application schema leaves out. */
export type FtsTables = {
  recordFts: {
    rowid: number;
    /** The hidden column named like the table: `record_fts MATCH ?` searches every column. */
    recordFts: string;
    /** FTS5's ranking column: `rank MATCH 'bm25(...)'` picks the function, ORDER BY rank sorts by it. */
    rank: number | string;
  };
  recordFtsVocab: { term: string; doc: number; cnt: number };
};

export type SearchDatabase = Database & FtsTables;

/**
 * bm25 weights per indexed column, in the order migrations/0002 declares them: title, abstract,
 * authors, keywords, journal. A word in the title counts ten times one in the abstract.
 */
const RANK_BY = 'bm25(10.0, 1.0, 2.0, 4.0, 0.5)';

export function searchDb(db: Kysely<Database>): Kysely<SearchDatabase> {
  return db.withTables<FtsTables>();
}

/**
 * Records matching `match`, driven by the index. CROSS JOIN keeps record_fts as the outer loop:
 * left to itself SQLite may walk a record index (say, by year) and test MATCH row by row, which
 * takes seconds at 50,000 records instead of milliseconds.
 */
export function matchingRecords(db: Kysely<Database>, match: string): SelectQueryBuilder<SearchDatabase, 'recordFts' | 'record', {}> {
  return searchDb(db)
    .selectFrom('recordFts')
    .crossJoin('record')
    .whereRef('record.id', '=', 'recordFts.rowid')
    .where('recordFts.recordFts', 'match', match);
}

/**
 * Best match first. Ordering by FTS5's own `rank` column (weights set through `rank MATCH`) lets
 * FTS5 sort inside the index, several times faster than `ORDER BY bm25(...)`; any further ORDER BY
 * term would undo that, so there is no tie-breaker (FTS5 keeps equal ranks in rowid order).
 */
export function byRelevance<O>(
  query: SelectQueryBuilder<SearchDatabase, 'recordFts' | 'record', O>,
): SelectQueryBuilder<SearchDatabase, 'recordFts' | 'record', O> {
  return query.where('recordFts.rank', 'match', RANK_BY).orderBy('recordFts.rank');
}

/**
 * Index spellings in [from, to), alphabetically, across every review: what may be suggested is then
 * checked against the review's own records. fts5vocab answers a term range without a full scan.
 */
export async function vocabularyRange(db: Kysely<Database>, from: string, to: string, limit: number): Promise<string[]> {
  const rows = await searchDb(db)
    .selectFrom('recordFtsVocab')
    .select('term')
    .where('term', '>=', from)
    .where('term', '<', to)
    .limit(limit)
    .execute();
  return rows.map((row) => row.term);
}
