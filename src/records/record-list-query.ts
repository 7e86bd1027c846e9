/**
 * The records list's address: search text, filters, sort and page, read from the query string and
 * written back into links. Reading is lenient on purpose: a list is never an error page, so a value
 * that makes no sense (a year of 99999, page "abc") is simply left out.
 */
import { readScreeningParams, writeScreeningParams, type ScreeningParams } from '../screening/screening-filters.js';
import { firstValue, positiveInt } from '../http/query-values.js';

export const RECORD_SORTS = ['relevance', 'import', 'year', 'title', 'author'] as const;
export type RecordSort = (typeof RECORD_SORTS)[number];

export const SORT_LABELS: Record<RecordSort, string> = {
  relevance: 'Best match',
  import: 'Import order',
  year: 'Year, newest first',
  title: 'Title, A–Z',
  author: 'First author, A–Z',
};

export const PAGE_SIZE = 50;
/** Deepest page offered: 2,000 pages of 50 is every record of any review Coreview is made for. */
export const MAX_PAGE = 2000;
export const MIN_YEAR = 1000;
export const MAX_YEAR = 2999;

export type AbstractFilter = 'with' | 'without';
/** 'without': the records imported without a title (src/records/record-title.ts). */
export type TitleFilter = 'with' | 'without';
/** Lists show works: duplicates (records linked to a primary) only when asked for. */
export type DuplicatesFilter = 'show';

export interface RecordFilters {
  batchId: number | null;
  yearFrom: number | null;
  yearTo: number | null;
  type: string | null;
  title: TitleFilter | null;
  abstract: AbstractFilter | null;
  duplicates: DuplicatesFilter | null;
  /** Screening filters (stage, decision, reviewer…), read in src/screening/screening-filters.ts. */
  screening: ScreeningParams | null;
}

export interface RecordListQuery {
  q: string;
  filters: RecordFilters;
  /** As asked for; `effectiveSort` decides what is used. */
  sort: RecordSort | null;
  page: number;
  /** Search exactly as typed: no spelling correction (the "search instead for" link). */
  exact: boolean;
}

export const NO_FILTERS: RecordFilters = { batchId: null, yearFrom: null, yearTo: null, type: null, title: null, abstract: null, duplicates: null, screening: null };


function year(text: string): number | null {
  const n = positiveInt(text);
  return n !== null && n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
}

export function readListQuery(query: unknown): RecordListQuery {
  const raw = (query !== null && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  let yearFrom = year(firstValue(raw.from));
  let yearTo = year(firstValue(raw.to));
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo) [yearFrom, yearTo] = [yearTo, yearFrom];
  const type = firstValue(raw.type).trim().slice(0, 100);
  const title = firstValue(raw.title);
  const abstract = firstValue(raw.abstract);
  const sort = firstValue(raw.sort) as RecordSort;
  return {
    q: firstValue(raw.q).slice(0, 2000),
    filters: {
      batchId: positiveInt(firstValue(raw.batch)),
      yearFrom,
      yearTo,
      type: type === '' ? null : type,
      title: title === 'with' || title === 'without' ? title : null,
      abstract: abstract === 'with' || abstract === 'without' ? abstract : null,
      duplicates: firstValue(raw.duplicates) === 'show' ? 'show' : null,
      screening: readScreeningParams(raw),
    },
    sort: RECORD_SORTS.includes(sort) ? sort : null,
    page: Math.min(positiveInt(firstValue(raw.page)) ?? 1, MAX_PAGE),
    exact: firstValue(raw.exact) === '1',
  };
}

/** Best match while searching, import order otherwise; "best match" without a search is import order. */
export function effectiveSort(query: RecordListQuery, searching: boolean): RecordSort {
  if (query.sort === null) return searching ? 'relevance' : 'import';
  if (query.sort === 'relevance' && !searching) return 'import';
  return query.sort;
}

export function hasFilters(filters: RecordFilters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

/** The query string (with its "?", or '' when empty) for a list address; defaults are left out. */
export function listQueryString(query: RecordListQuery): string {
  const params = new URLSearchParams();
  if (query.q.trim() !== '') params.set('q', query.q);
  const { batchId, yearFrom, yearTo, type, title, abstract, duplicates } = query.filters;
  if (batchId !== null) params.set('batch', String(batchId));
  if (yearFrom !== null) params.set('from', String(yearFrom));
  if (yearTo !== null) params.set('to', String(yearTo));
  if (type !== null) params.set('type', type);
  if (title !== null) params.set('title', title);
  if (abstract !== null) params.set('abstract', abstract);
  if (duplicates !== null) params.set('duplicates', duplicates);
  writeScreeningParams(params, query.filters.screening);
  if (query.sort !== null) params.set('sort', query.sort);
  if (query.page > 1) params.set('page', String(query.page));
  if (query.exact) params.set('exact', '1');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
