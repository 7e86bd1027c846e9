/**
 * Record search on PostgreSQL's full-text search (the search section of
 * migrations/postgres/0024_baseline.sql): a weighted tsvector per record in `record_search`, text
 * search configuration `coreview_search` (simple + unaccent: no stemming, as FTS5 here), ts_rank,
 * and the trigger-kept vocabulary `record_search_term`. The query is tsquery text built here from
 * the parsed search's tokens, each quoted, and reaches the database only as a bound parameter of
 * to_tsquery, which folds it with the same dictionaries as the documents.
 */
import { sql, type SqlBool } from 'kysely';
import type { ParsedSearch, Phrase } from '../fts-query.js';
import { searchDb } from './search-tables.js';
import type { SearchEngine } from './search-engine.js';

function lexeme(token: string): string {
  // Tokens hold only letters, digits and marks; escaping anyway keeps the quotes closed whatever happens.
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

function phrase(tokens: Phrase): string {
  return tokens.length === 1 ? lexeme(tokens[0]!) : `(${tokens.map(lexeme).join(' <-> ')})`;
}

function anyOf(phrases: readonly Phrase[]): string {
  return phrases.length === 1 ? phrase(phrases[0]!) : `(${phrases.map(phrase).join(' | ')})`;
}

/**
 * The tsquery text of a parsed search, the counterpart of `toMatchExpression`, or null when there
 * is nothing to look for.
 *
 * @example toTsQueryText(parseSearch('co-operative prison OR jail -juvenile'))
 * // "('co' <-> 'operative') & ('prison' | 'jail') & !'juvenile'"
 */
export function toTsQueryText(search: ParsedSearch): string | null {
  if (search.clauses.length === 0) return null;
  const required = search.clauses.map(anyOf).join(' & ');
  return search.excluded.length === 0 ? required : `${required} & !${anyOf(search.excluded)}`;
}

/**
 * ts_rank's weights for D, C, B, A: abstract and journal 0.1, authors 0.2, keywords 0.4, title 1,
 * the ratios of FTS5's bm25 weights (journal, 0.5 there, shares the abstract's). Normalisation 1
 * divides by the log of the document's length, as bm25 favours shorter documents.
 */
const WEIGHTS = '{0.1, 0.2, 0.4, 1.0}';

export const postgresSearch: SearchEngine = {
  matchExpression: toTsQueryText,

  /**
   * The GIN index finds the documents. `rank` sorts ascending like FTS5's: the negated ts_rank,
   * then the record id, so equal ranks keep id order and pages never overlap. It is computed only
   * when ordered by (the planner drops the subquery's unused columns). The index is on review and
   * document (btree_gin), so an institution's other reviews are never read or ranked.
   */
  matchingRecords: (db, reviewId, match) => {
    const query = sql`to_tsquery('coreview_search', ${match})`;
    const searchIndex = searchDb(db)
      .selectFrom('recordSearch')
      .select(['recordSearch.recordId', sql`row(-ts_rank(${WEIGHTS}, record_search.document, ${query}, 1), record_search.record_id)`.as('rank')])
      .where('recordSearch.reviewId', '=', reviewId)
      .where(sql<SqlBool>`record_search.document @@ ${query}`);
    return searchDb(db).selectFrom(searchIndex.as('searchIndex')).innerJoin('record', 'record.id', 'searchIndex.recordId');
  },

  async vocabularyRange(db, from, to, limit) {
    const rows = await searchDb(db).selectFrom('recordSearchTerm').select('term').where('term', '>=', from).where('term', '<', to).orderBy('term').limit(limit).execute();
    return rows.map((row) => row.term);
  },
};
