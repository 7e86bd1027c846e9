import { jsonScalar } from '../db/json-sql.js';
import { sql, type Kysely } from 'kysely';
import type { Database, RecordRow } from '../db/schema.js';
import { REFERENCE_TYPES, referenceTypeOf, type ReferenceType } from '../imports/reference-type.js';
import { textList } from '../records/record-queries.js';
import { dedupRecordFrom, type DedupRecord } from './dedup-record.js';

/** The columns of a stored record that detection reads (not the abstract itself, nor the whole CSL item). */
export type DedupRow = Pick<
  RecordRow,
  'id' | 'title' | 'authorsJson' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'type'
> & {
  abstractLength: number;
  cslType: unknown;
  cslEdition: unknown;
  cslCollectionNumber: unknown;
};

/**
 * The review's records as detection reads them: every primary and unique record, or only `ids`.
 */
export function selectDedupRows(db: Kysely<Database>, reviewId: number, ids?: readonly number[]): Promise<DedupRow[]> {
  let query = db
    .selectFrom('record')
    .select(['id', 'title', 'authorsJson', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'type'])
    .select([
      sql<number>`length(abstract)`.as('abstractLength'),
      jsonScalar<unknown>(db, sql`csl_json`, 'type').as('cslType'),
      jsonScalar<unknown>(db, sql`csl_json`, 'edition').as('cslEdition'),
      jsonScalar<unknown>(db, sql`csl_json`, 'collection-number').as('cslCollectionNumber'),
    ])
    .where('reviewId', '=', reviewId);
  query = ids === undefined ? query.where('duplicateOf', 'is', null) : query.where('id', 'in', ids);
  return query.orderBy('id').execute();
}

/** A stored record as detection sees it: the same mapping as a freshly parsed reference (dedupRecordOf). */
export function recordToDedup(row: DedupRow): DedupRecord {
  return dedupRecordFrom(row.id, {
    title: row.title,
    authors: textList(row.authorsJson),
    year: row.year,
    // Stored rows hold '' for an absent value; references hold null.
    journal: row.journal || null,
    volume: row.volume || null,
    issue: row.issue || null,
    pages: row.pages || null,
    doi: row.doi,
    pmid: row.pmid,
    type: coarseType(row.type),
    csl: { type: row.cslType, edition: row.cslEdition, 'collection-number': row.cslCollectionNumber },
    abstractLength: row.abstractLength,
  });
}

/** Imports store the coarse type; an edit may have stored a CSL type instead. */
function coarseType(type: string): ReferenceType {
  return (REFERENCE_TYPES as readonly string[]).includes(type) ? (type as ReferenceType) : referenceTypeOf(type);
}
