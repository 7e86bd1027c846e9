import type { ReviewNav } from '../../views/layout.js';
import type { RecordListPageModel } from '../../views/records/record-list-page.js';
import type { LinkModel, RecordResultsModel } from '../../views/records/record-results.js';
import type { ScreeningFilterFormModel } from '../../views/screening/screening-filter-fields.js';
import type { BulkModel, ScreeningBadgeModel } from '../../views/screening/screening-list.js';
import { parseSearch } from './fts-query.js';
import {
  hasFilters,
  listQueryString,
  NO_FILTERS,
  PAGE_SIZE,
  SORT_LABELS,
  type RecordListQuery,
  type RecordSort,
} from './record-list-query.js';
import type { BatchOption, RecordSummary } from './record-queries.js';
import type { RecordSearchOutcome } from './record-search.js';
import { typeLabel } from './record-types.js';

const number = (n: number) => n.toLocaleString('en-GB');

/** "Maruna, S. et al. · 2019 · Probation Journal", leaving out what is missing. */
export function byline(record: Pick<RecordSummary, 'firstAuthor' | 'authorCount' | 'year' | 'journal'>): string {
  const author = record.firstAuthor === '' ? '' : record.authorCount > 1 ? `${record.firstAuthor} et al.` : record.firstAuthor;
  return [author, record.year === null ? '' : String(record.year), record.journal].filter((part) => part !== '').join(' · ');
}

const ORDER_TEXT: Record<RecordSort, string> = {
  relevance: 'best match first',
  import: 'in import order',
  year: 'newest first',
  title: 'by title',
  author: 'by first author',
};

/** "1,000+ records match, best match first." or "12 records (filtered), newest first." */
function summary(query: RecordListQuery, outcome: RecordSearchOutcome): string {
  if (outcome.search.onlyExcluded) return 'Nothing searched.';
  if (outcome.total === 0) return outcome.search.active ? 'No records match.' : 'No records.';
  const one = outcome.total === 1 && !outcome.capped;
  const count = outcome.capped ? `${number(outcome.total)}+` : number(outcome.total);
  const what = outcome.search.active ? (one ? 'record matches' : 'records match') : one ? 'record' : 'records';
  // Showing duplicates too widens the list, so it is said apart from the filters that narrow it.
  const filtered = hasFilters({ ...query.filters, duplicates: null }) ? ' (filtered)' : '';
  const duplicates = query.filters.duplicates === 'show' ? ' (duplicates included)' : '';
  return `${count} ${what}${filtered}${duplicates}, ${ORDER_TEXT[outcome.sort]}.`;
}

function emptyState(base: string, importUrl: string, query: RecordListQuery, outcome: RecordSearchOutcome): RecordResultsModel['empty'] {
  if (outcome.total > 0) return null;
  if (!outcome.reviewHasRecords) {
    return {
      title: 'No records yet',
      message: 'Records arrive by importing the export files of your database searches (RIS, BibTeX, PubMed, Web of Science, CSV and more).',
      links: [{ label: 'Import your first search', url: importUrl }],
    };
  }
  if (outcome.search.onlyExcluded) {
    return { title: 'Nothing to look for', message: 'A search with only -words leaves words out of something: add a word to look for.', links: [] };
  }
  if (query.page > 1) {
    return { title: 'No more records', message: 'This page is past the end of the list.', links: [{ label: 'Back to the first page', url: `${base}${listQueryString({ ...query, page: 1 })}` }] };
  }
  const links: LinkModel[] = [];
  const filtered = hasFilters(query.filters);
  if (filtered) {
    const label = outcome.search.active ? `Search all records for “${query.q.trim()}” (no filters)` : 'Show all records (no filters)';
    links.push({ label, url: `${base}${listQueryString({ ...query, filters: NO_FILTERS, page: 1 })}` });
  }
  const words = parseSearch(query.q).clauses.flat();
  if (outcome.search.active && words.length > 1) {
    for (const word of words.slice(0, 5)) {
      const text = word.length > 1 ? `"${word.join(' ')}"` : word[0]!;
      links.push({ label: `Search for ${text} alone`, url: `${base}${listQueryString({ ...query, q: text, page: 1, exact: false })}` });
    }
  }
  const message = outcome.search.active
    ? 'Check the spelling, use fewer or more general words, or try a synonym (e.g. "reoffending" for "recidivism").'
    : query.filters.screening !== null
      ? 'No record matches these screening filters. Choose another stage, decision or reviewer, or clear them.'
      : 'No record has these properties. Widen the year range or choose another source or type.';
  return { title: outcome.search.active ? 'No records match your search' : 'No records match these filters', message, links };
}

/** The screening side of the list (src/screening/screening-list-model.ts builds it). */
export interface ScreeningListExtras {
  badges: ReadonlyMap<number, ScreeningBadgeModel[]>;
  bulk: BulkModel | null;
  /** Every row's checkbox ticked ("Select all on this page"). */
  allSelected: boolean;
  notes: string[];
}

/** Builds the results region from a search outcome, with every link it needs. */
export function resultsModel(base: string, importUrl: string, query: RecordListQuery, outcome: RecordSearchOutcome, extras?: ScreeningListExtras): RecordResultsModel {
  const at = (changes: Partial<RecordListQuery>) => `${base}${listQueryString({ ...query, ...changes })}`;
  const notes: string[] = [...(extras?.notes ?? [])];
  if (outcome.search.truncated) notes.push('Your search was long, so only its first words were used.');
  const pages = outcome.capped ? null : Math.max(1, Math.ceil(outcome.total / PAGE_SIZE));
  const showPaging = query.page > 1 || outcome.hasNext;
  return {
    rows: outcome.items.map((item) => ({
      id: item.id,
      url: `${base}/${item.id}`,
      title: item.title,
      byline: byline(item),
      typeLabel: typeLabel(item.type),
      hasAbstract: item.abstract !== '',
      snippet: item.snippet,
      screening: extras?.badges.get(item.id) ?? [],
      selected: extras?.allSelected ?? false,
    })),
    bulk: outcome.items.length > 0 ? (extras?.bulk ?? null) : null,
    firstNumber: (query.page - 1) * PAGE_SIZE + 1,
    summary: summary(query, outcome),
    correction: outcome.search.correctedTo === null
      ? null
      : { text: outcome.search.correctedTo, original: { label: query.q.trim(), url: at({ exact: true, page: 1 }) } },
    suggestion: outcome.search.suggestion === null
      ? null
      : { label: outcome.search.suggestion, url: at({ q: outcome.search.suggestion, page: 1, exact: false }) },
    notes,
    empty: emptyState(base, importUrl, query, outcome),
    paging: showPaging
      ? {
          label: pages === null ? `Page ${number(query.page)}` : `Page ${number(query.page)} of ${number(pages)}`,
          previousUrl: query.page > 1 ? at({ page: query.page - 1 }) : null,
          nextUrl: outcome.hasNext ? at({ page: query.page + 1 }) : null,
        }
      : null,
  };
}

const SORT_CHOICES: RecordSort[] = ['import', 'year', 'title', 'author'];

export function listPageModel(
  review: ReviewNav,
  query: RecordListQuery,
  outcome: RecordSearchOutcome,
  options: { batches: BatchOption[]; types: string[]; screening: ScreeningFilterFormModel; extras?: ScreeningListExtras },
): RecordListPageModel {
  const base = `/reviews/${review.slug}/records`;
  const importUrl = `/reviews/${review.slug}/imports`;
  const { filters } = query;
  const types = filters.type !== null && !options.types.includes(filters.type) ? [filters.type, ...options.types] : options.types;
  return {
    review,
    listUrl: base,
    importUrl,
    form: {
      q: query.q,
      batch: filters.batchId === null ? '' : String(filters.batchId),
      from: filters.yearFrom === null ? '' : String(filters.yearFrom),
      to: filters.yearTo === null ? '' : String(filters.yearTo),
      type: filters.type ?? '',
      title: filters.title ?? '',
      abstract: filters.abstract ?? '',
      duplicates: filters.duplicates ?? '',
      sort: query.sort === null || query.sort === 'relevance' ? '' : query.sort,
    },
    batches: options.batches.map((batch) => ({
      value: String(batch.id),
      label: `${batch.sourceName}${batch.searchedOn ? `, ${batch.searchedOn}` : ''} · ${batch.fileName} (${number(batch.imported)})`,
    })),
    types: types.map((type) => ({ value: type, label: typeLabel(type) })),
    sorts: SORT_CHOICES.map((sort) => ({ value: sort, label: SORT_LABELS[sort] })),
    screening: options.screening,
    filtersOpen: hasFilters(filters) || (query.sort !== null && query.sort !== 'relevance'),
    results: resultsModel(base, importUrl, query, outcome, options.extras),
  };
}
