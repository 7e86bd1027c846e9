/**
 * THE REVIEWED PLACE FOR SEARCH SQL. Record search goes through here, to the engine of the
 * database in use: SQLite's FTS5 (search-sql/sqlite.ts) or PostgreSQL's full-text search
 * (search-sql/postgres.ts). Neither uses sql.raw/sql.lit/sql.ref nor interpolates identifiers: the
 * index tables are typed for Kysely (search-sql/search-tables.ts), and user text only ever travels
 * as a bound parameter, inside a match expression built from quoted tokens.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import type { ParsedSearch } from './fts-query.js';
import { postgresSearch } from './search-sql/postgres.js';
import type { MatchingRecords, SearchEngine } from './search-sql/search-engine.js';
import { sqliteSearch } from './search-sql/sqlite.js';

export { searchDb, type SearchDatabase } from './search-sql/search-tables.js';

function engine(db: Kysely<any>): SearchEngine {
  return dialectOf(db) === 'postgres' ? postgresSearch : sqliteSearch;
}

/** The match expression of this database for a parsed search, or null when there is nothing to look for. */
export function matchExpression(db: Kysely<Database>, search: ParsedSearch): string | null {
  return engine(db).matchExpression(search);
}

/** Records of the review matching `match` (from `matchExpression`), driven by the index. */
export function matchingRecords(db: Kysely<Database>, reviewId: number, match: string): MatchingRecords {
  return engine(db).matchingRecords(db, reviewId, match);
}

/** Best match first, by the rank column each engine gives its matches (search-sql/search-engine.ts). */
export function byRelevance<O>(query: MatchingRecords<O>): MatchingRecords<O> {
  return query.orderBy(sql`search_index.rank`);
}

/**
 * Index spellings in [from, to), in code point order, across every review: what may be suggested
 * is then checked against the review's own records.
 */
export function vocabularyRange(db: Kysely<Database>, from: string, to: string, limit: number): Promise<string[]> {
  return engine(db).vocabularyRange(db, from, to, limit);
}
