import { dialectOf, type Dialect } from '../db/dialect.js';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type OrderByItemBuilder, type SqlBool } from 'kysely';
import type { Database, RecordRow, SourceType } from '../db/schema.js';
import { byRelevance, matchingRecords, searchDb, type SearchDatabase } from './fts-sql.js';
import { screeningCondition, type ScreeningViewer } from '../screening/screening-filters.js';
import type { RecordFilters, RecordSort } from './record-list-query.js';

/** What one line of the records list shows. */
export interface RecordSummary {
  id: number;
  title: string;
  firstAuthor: string;
  authorCount: number;
  year: number | null;
  journal: string;
  type: string;
  abstract: string;
}

/** The search (import batch) a record came from. */
export interface RecordSource {
  id: number;
  sourceType: SourceType;
  sourceName: string;
  searchedOn: string | null;
  query: string;
  fileName: string;
  format: string;
  importedAt: string;
}

/** Every field of a record, as the detail and edit pages show it (author and keyword lists decoded). */
export type RecordDetail = Omit<RecordRow, 'batchId' | 'authorsJson' | 'firstAuthor' | 'keywordsJson' | 'cslJson'> & {
  authors: string[];
  keywords: string[];
  source: RecordSource;
};

/** The record columns an edit may change (authors and keywords as JSON arrays of text). */
export type EditableColumns = Pick<
  RecordRow,
  | 'title' | 'authorsJson' | 'firstAuthor' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid'
  | 'abstract' | 'keywordsJson' | 'type' | 'url' | 'language' | 'issn' | 'publisher'
>;

/** Which records, in which order, which slice. `match` is an FTS5 expression from toMatchExpression. */
export interface RecordPageQuery {
  reviewId: number;
  filters: RecordFilters;
  match: string | null;
  sort: RecordSort;
  offset: number;
  limit: number;
  /** Who is looking: screening filters show only what they may see (none match without a viewer). */
  viewer?: ScreeningViewer | null;
}

/** A JSON array of strings from a column; anything else (never expected) reads as empty. */
export function textList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

function filterRecords(eb: ExpressionBuilder<SearchDatabase, 'record'>, dialect: Dialect, reviewId: number, filters: RecordFilters, viewer: ScreeningViewer | null = null) {
  const conditions: Expression<SqlBool>[] = [eb('record.reviewId', '=', reviewId)];
  // Served by the partial index record_review_primary (migrations/0005) in import order.
  if (filters.duplicates === null) conditions.push(eb('record.duplicateOf', 'is', null));
  if (filters.batchId !== null) conditions.push(eb('record.batchId', '=', filters.batchId));
  if (filters.yearFrom !== null) conditions.push(eb('record.year', '>=', filters.yearFrom));
  if (filters.yearTo !== null) conditions.push(eb('record.year', '<=', filters.yearTo));
  if (filters.type !== null) conditions.push(eb('record.type', '=', filters.type));
  if (filters.title !== null) conditions.push(eb('record.title', filters.title === 'with' ? '!=' : '=', ''));
  // octet_length reads the stored length without loading a long abstract from its overflow pages.
  if (filters.abstract === 'with') conditions.push(sql<SqlBool>`octet_length(record.abstract) > 0`);
  if (filters.abstract === 'without') conditions.push(sql<SqlBool>`octet_length(record.abstract) = 0`);
  if (filters.screening !== null) conditions.push(screeningCondition(eb, dialect, filters.screening, viewer));
  return eb.and(conditions);
}

type SortColumn = 'record.id' | 'record.year' | 'record.title' | 'record.firstAuthor';

/** Every sort but relevance (fts-sql owns that); the record id breaks ties, so pages never overlap. */
const ORDERINGS: Record<Exclude<RecordSort, 'relevance'>, ReadonlyArray<readonly [SortColumn, 'asc' | 'desc']>> = {
  import: [['record.id', 'asc']],
  year: [['record.year', 'desc'], ['record.id', 'desc']],
  title: [['record.title', 'asc'], ['record.id', 'asc']],
  author: [['record.firstAuthor', 'asc'], ['record.id', 'asc']],
};

/** Columns a record may leave empty: the only ones whose nulls need placing. */
const NULLABLE: ReadonlySet<SortColumn> = new Set(['record.year', 'record.firstAuthor']);

/**
 * Records without a value (a year, an author) come last newest-first and first A–Z, on both databases
 * (SQLite's own order; PostgreSQL's is the reverse unless told). Said only where a column may be
 * empty, so a sort by id or title still reads its index.
 */
function direction(column: SortColumn, order: 'asc' | 'desc') {
  return (ob: OrderByItemBuilder) => {
    const sorted = order === 'desc' ? ob.desc() : ob.asc();
    if (!NULLABLE.has(column)) return sorted;
    return order === 'desc' ? sorted.nullsLast() : sorted.nullsFirst();
  };
}

/**
 * Text sorts ignore case, through the index each database has for it: SQLite's NOCASE indexes
 * (migrations/0003), PostgreSQL's on lower() (migrations/postgres/0024_baseline.sql). Both fold A–Z only.
 */
const CASELESS: Partial<Record<SortColumn, Record<Dialect, Expression<string>>>> = {
  'record.title': { sqlite: sql<string>`record.title collate nocase`, postgres: sql<string>`lower(record.title)` },
  'record.firstAuthor': { sqlite: sql<string>`record.first_author collate nocase`, postgres: sql<string>`lower(record.first_author)` },
};

function sortKey(dialect: Dialect, column: SortColumn): Expression<unknown> | SortColumn {
  return CASELESS[column]?.[dialect] ?? column;
}

/**
 * Ids of one page of records. Ids first, rows after (loadSummaries): sorting carries only ids, and
 * long abstracts are read for the fifty records shown, not for every match.
 */
export async function pageOfRecordIds(db: Kysely<Database>, page: RecordPageQuery): Promise<number[]> {
  const { reviewId, filters, match, sort, offset, limit } = page;
  const viewer = page.viewer ?? null;
  let rows: Array<{ id: number }>;
  if (match === null) {
    let query = searchDb(db).selectFrom('record').select('record.id').where((eb) => filterRecords(eb, dialectOf(db), reviewId, filters, viewer));
    for (const [column, order] of ORDERINGS[sort === 'relevance' ? 'import' : sort]) query = query.orderBy(sortKey(dialectOf(db), column), direction(column, order));
    rows = await query.limit(limit).offset(offset).execute();
  } else {
    let query = matchingRecords(db, reviewId, match).select('record.id').where((eb) => filterRecords(eb, dialectOf(db), reviewId, filters, viewer));
    if (sort === 'relevance') query = byRelevance(query);
    else for (const [column, order] of ORDERINGS[sort]) query = query.orderBy(sortKey(dialectOf(db), column), direction(column, order));
    rows = await query.limit(limit).offset(offset).execute();
  }
  return rows.map((row) => row.id);
}

/**
 * How many records match, counting no further than `cap` (the list says "1,000+"): a review of
 * 50,000 records is never counted in full on a page view.
 */
export async function countRecordsCapped(
  db: Kysely<Database>,
  query: Pick<RecordPageQuery, 'reviewId' | 'filters' | 'match' | 'viewer'>,
  cap: number,
): Promise<number> {
  const { reviewId, filters, match } = query;
  const viewer = query.viewer ?? null;
  const matching =
    match === null
      ? searchDb(db).selectFrom('record').select('record.id').where((eb) => filterRecords(eb, dialectOf(db), reviewId, filters, viewer))
      : matchingRecords(db, reviewId, match)
          .select('record.id')
          .where((eb) => filterRecords(eb, dialectOf(db), reviewId, filters, viewer));
  const row = await db
    .selectFrom(matching.limit(cap).as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The list lines for `ids`, in the order given; ids of other reviews are left out. */
export async function loadSummaries(db: Kysely<Database>, reviewId: number, ids: readonly number[]): Promise<RecordSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('record')
    .select(['id', 'title', 'firstAuthor', 'authorsJson', 'year', 'journal', 'type', 'abstract'])
    .where('reviewId', '=', reviewId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { authorsJson, ...summary } = row;
    return [{ ...summary, authorCount: textList(authorsJson).length }];
  });
}

export async function findRecord(db: Kysely<Database>, reviewId: number, id: number): Promise<RecordDetail | undefined> {
  const row = await db
    .selectFrom('record')
    .innerJoin('importBatch', 'importBatch.id', 'record.batchId')
    .selectAll('record')
    .select([
      'importBatch.sourceType',
      'importBatch.sourceName',
      'importBatch.searchedOn',
      'importBatch.query',
      'importBatch.fileName',
      'importBatch.format',
      'importBatch.createdAt as importedAt',
    ])
    .where('record.reviewId', '=', reviewId)
    .where('record.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    reviewId: row.reviewId,
    position: row.position,
    lineStart: row.lineStart,
    lineEnd: row.lineEnd,
    title: row.title,
    authors: textList(row.authorsJson),
    year: row.year,
    journal: row.journal,
    volume: row.volume,
    issue: row.issue,
    pages: row.pages,
    doi: row.doi,
    pmid: row.pmid,
    abstract: row.abstract,
    keywords: textList(row.keywordsJson),
    type: row.type,
    url: row.url,
    language: row.language,
    issn: row.issn,
    publisher: row.publisher,
    raw: row.raw,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    duplicateOf: row.duplicateOf,
    source: {
      id: row.batchId,
      sourceType: row.sourceType,
      sourceName: row.sourceName,
      searchedOn: row.searchedOn,
      query: row.query,
      fileName: row.fileName,
      format: row.format,
      importedAt: row.importedAt,
    },
  };
}

/** Changes a record's fields (the FTS index follows by trigger) and bumps its version stamp. */
export async function updateRecordColumns(
  db: Kysely<Database>,
  reviewId: number,
  id: number,
  changes: Partial<EditableColumns>,
  updatedAt: string,
): Promise<void> {
  await db.updateTable('record').set({ ...changes, updatedAt }).where('reviewId', '=', reviewId).where('id', '=', id).execute();
}

export interface BatchOption {
  id: number;
  sourceName: string;
  searchedOn: string | null;
  fileName: string;
  imported: number;
}

/** The review's searches still in place, oldest first, for the "source" filter. */
export function listBatchOptions(db: Kysely<Database>, reviewId: number): Promise<BatchOption[]> {
  return db
    .selectFrom('importBatch')
    .select(['id', 'sourceName', 'searchedOn', 'fileName', 'imported'])
    .where('reviewId', '=', reviewId)
    .where('removedAt', 'is', null)
    .orderBy('id')
    .execute();
}

/** The distinct record types of a review (read from the type index), for the "type" filter. */
export async function listRecordTypes(db: Kysely<Database>, reviewId: number): Promise<string[]> {
  const rows = await db.selectFrom('record').select('type').distinct().where('reviewId', '=', reviewId).orderBy('type').execute();
  return rows.map((row) => row.type);
}

export interface RecordEdit {
  id: number;
  at: string;
  actorName: string | null;
  /** Names of the fields changed. */
  fields: string[];
}

/** Edits of one record, newest first, from the audit history. */
export async function listRecordEdits(db: Kysely<Database>, reviewId: number, recordId: number, limit = 20): Promise<RecordEdit[]> {
  const rows = await db
    .selectFrom('auditEvent')
    .leftJoin('account', 'account.id', 'auditEvent.actorId')
    .select(['auditEvent.id', 'auditEvent.at', 'account.name as actorName', 'auditEvent.afterJson'])
    .where('auditEvent.reviewId', '=', reviewId)
    // Only edits of the record's fields: screening and duplicate events about it have their own history.
    .where('auditEvent.action', '=', 'record.edit')
    .where('auditEvent.entity', '=', 'record')
    .where('auditEvent.entityId', '=', String(recordId))
    .orderBy('auditEvent.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ afterJson, ...row }) => ({ ...row, fields: Object.keys(parseObject(afterJson)) }));
}

function parseObject(json: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
