import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ParsedSearch } from '../fts-query.js';
import type { SearchDatabase } from './search-tables.js';

/**
 * Records matching a search, joined to their index rows under the alias `search_index`, whose
 * `rank` column orders them best match first (ascending); callers select, filter and sort `record` columns.
 */
export type MatchingRecords<O = {}> = SelectQueryBuilder<SearchDatabase, 'record', O>;

/** What one database's full-text search does for record search; fts-sql.ts picks one by dialect. */
export interface SearchEngine {
  /** The engine's match expression for a parsed search (null: nothing to look for). Its text is data, bound as a parameter. */
  matchExpression(search: ParsedSearch): string | null;
  /**
   * Records of review `reviewId` matching `match` (from `matchExpression`), driven by the index, with
   * `search_index.rank`. (The caller still filters by review: an engine may use the id to look only
   * at that review's documents, or may not.)
   */
  matchingRecords(db: Kysely<Database>, reviewId: number, match: string): MatchingRecords;
  /** Index spellings in [from, to), in code point order, across every review. */
  vocabularyRange(db: Kysely<Database>, from: string, to: string, limit: number): Promise<string[]>;
}
