import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * The search index's tables, which the application schema leaves out: SQLite's FTS5 virtual tables
 * (migrations/0002) and PostgreSQL's trigger-kept documents and terms (migrations/postgres/0024_baseline.sql).
 */
export type SearchTables = {
  recordFts: {
    rowid: number;
    /** The hidden column named like the table: `record_fts MATCH ?` searches every column. */
    recordFts: string;
    /** FTS5's ranking column: `rank MATCH 'bm25(...)'` picks the function, ORDER BY rank sorts by it. */
    rank: number | string;
  };
  recordFtsVocab: { term: string; doc: number; cnt: number };
  /** One weighted tsvector per record. */
  recordSearch: { recordId: number; reviewId: number; document: string };
  /** Every term the documents have held. */
  recordSearchTerm: { term: string };
};

export type SearchDatabase = Database & SearchTables;

export function searchDb(db: Kysely<Database>): Kysely<SearchDatabase> {
  return db.withTables<SearchTables>();
}
