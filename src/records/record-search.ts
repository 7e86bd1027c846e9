import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { snippetSegments, type TextSegment } from './abstract-snippet.js';
import { matchExpression, vocabularyRange } from './fts-sql.js';
import {
  formatSearch,
  parseSearch,
  replaceTokens,
  searchedTokens,
  termSearch,
  type ParsedSearch,
} from './fts-query.js';
import { effectiveSort, NO_FILTERS, PAGE_SIZE, type RecordFilters, type RecordListQuery, type RecordSort } from './record-list-query.js';
import { countRecordsCapped, loadSummaries, pageOfRecordIds, type RecordSummary } from './record-queries.js';
import { findCorrections, type Correction, type Vocabulary } from './typo-correction.js';
import type { ScreeningViewer } from '../screening/screening-filters.js';

/** Counting stops here; the list says "1,000+". */
export const COUNT_CAP = 1000;
/** "Did you mean" only for a word this many times more common than the one typed. */
const SUGGEST_RATIO = 10;

export interface RecordListItem extends RecordSummary {
  /** The abstract's best passage for the search (its beginning when not searching). */
  snippet: TextSegment[];
}

export interface RecordSearchOutcome {
  sort: RecordSort;
  items: RecordListItem[];
  /** Records matching, up to COUNT_CAP; `capped` when there are more. */
  total: number;
  capped: boolean;
  hasNext: boolean;
  /** Whether the review holds any record at all (only looked up when nothing matched). */
  reviewHasRecords: boolean;
  search: {
    /** Something to look for was typed. */
    active: boolean;
    /** Only words to leave out were typed: nothing to look for. */
    onlyExcluded: boolean;
    /** Part of the text was ignored (too long, too many words). */
    truncated: boolean;
    /** Nothing matched as typed; these results are for this corrected text instead. */
    correctedTo: string | null;
    /** Results are for the text as typed, but this spelling is far more common and finds records. */
    suggestion: string | null;
  };
}

/**
 * The review's vocabulary: spellings from the index, counts from the review's own records (the
 * ones a search lists), so a word only another review holds is never suggested or counted.
 */
function reviewVocabulary(db: Kysely<Database>, reviewId: number): Vocabulary {
  return {
    docs: (term) => countRecordsCapped(db, { reviewId, filters: NO_FILTERS, match: matchExpression(db, termSearch(term)), viewer: null }, COUNT_CAP),
    spellings: (from, to, limit) => vocabularyRange(db, from, to, limit),
  };
}

interface Page {
  ids: number[];
  total: number;
  hasNext: boolean;
}

async function findPage(
  db: Kysely<Database>,
  reviewId: number,
  filters: RecordFilters,
  match: string | null,
  sort: RecordSort,
  page: number,
  viewer: ScreeningViewer | null,
): Promise<Page> {
  const offset = (page - 1) * PAGE_SIZE;
  const ids = await pageOfRecordIds(db, { reviewId, filters, match, sort, offset, limit: PAGE_SIZE + 1, viewer });
  const hasNext = ids.length > PAGE_SIZE;
  // Page one with room to spare already knows the total; otherwise count, no further than the cap.
  const total = page === 1 && !hasNext ? ids.length : await countRecordsCapped(db, { reviewId, filters, match, viewer }, COUNT_CAP + 1);
  return { ids: ids.slice(0, PAGE_SIZE), total, hasNext };
}

function corrected(search: ParsedSearch, corrections: readonly Correction[]): ParsedSearch {
  return replaceTokens(search, new Map(corrections.map((c) => [c.from, c.to])));
}

/** Corrections tried together at most; more in one search are left as typed. */
const MAX_CORRECTIONS_TRIED = 4;

/**
 * The search with the most of these corrections that still finds records of the review, or null.
 * In a search of several words a rare word typed right ("narratives", beside the common
 * "narrative") is offered a correction too, and taking every correction at once would find nothing.
 */
async function bestCorrected(
  db: Kysely<Database>,
  reviewId: number,
  typed: ParsedSearch,
  corrections: readonly Correction[],
  filters: RecordFilters,
  viewer: ScreeningViewer | null,
): Promise<ParsedSearch | null> {
  const tried = corrections.slice(0, MAX_CORRECTIONS_TRIED);
  const subsets = Array.from({ length: 2 ** tried.length - 1 }, (_, i) => tried.filter((_, bit) => ((i + 1) >> bit) & 1));
  for (const subset of subsets.sort((a, b) => b.length - a.length)) {
    const alternative = corrected(typed, subset);
    if ((await countRecordsCapped(db, { reviewId, filters, match: matchExpression(db, alternative), viewer }, 1)) > 0) return alternative;
  }
  return null;
}

/**
 * One page of a review's records: searched (full text, best match first unless another sort is asked
 * for), filtered, sorted, with a capped count. When a search finds nothing and a rare word in it
 * has a common neighbour in the review ("desistence" -> "desistance"), the corrected search is run
 * instead and said so; when it finds something but a far more common spelling exists, that is
 * offered. Corrections are only ever shown when they find records of this review.
 */
export async function searchRecords(
  db: Kysely<Database>,
  reviewId: number,
  query: RecordListQuery,
  /** Who is looking; screening filters need it (see src/screening/screening-filters.ts). */
  viewer: ScreeningViewer | null = null,
): Promise<RecordSearchOutcome> {
  const typed = parseSearch(query.q);
  const typedMatch = matchExpression(db, typed);
  const sort = effectiveSort(query, typedMatch !== null);
  if (typedMatch === null && typed.excluded.length > 0) {
    // Only words to leave out: there is nothing to look for, and listing everything would mislead.
    const search = { active: false, onlyExcluded: true, truncated: typed.truncated, correctedTo: null, suggestion: null };
    return { sort, items: [], total: 0, capped: false, hasNext: false, reviewHasRecords: true, search };
  }
  const corrections = typedMatch !== null && !query.exact ? await findCorrections(searchedTokens(typed), reviewVocabulary(db, reviewId)) : [];

  let search = typed;
  let page = await findPage(db, reviewId, query.filters, typedMatch, sort, query.page, viewer);
  let correctedTo: string | null = null;
  let suggestion: string | null = null;

  if (page.total === 0 && corrections.length > 0) {
    const alternative = await bestCorrected(db, reviewId, typed, corrections, query.filters, viewer);
    if (alternative !== null) {
      search = alternative;
      page = await findPage(db, reviewId, query.filters, matchExpression(db, alternative), sort, query.page, viewer);
      correctedTo = formatSearch(alternative);
    }
  } else if (page.total > 0) {
    const worthOffering = corrections.filter((c) => c.toDocs >= SUGGEST_RATIO * Math.max(1, c.fromDocs));
    const alternative = await bestCorrected(db, reviewId, typed, worthOffering, query.filters, viewer);
    if (alternative !== null) suggestion = formatSearch(alternative);
  }

  const tokens = searchedTokens(search);
  const summaries = await loadSummaries(db, reviewId, page.ids);
  const reviewHasRecords = page.total > 0 || (await countRecordsCapped(db, { reviewId, filters: NO_FILTERS, match: null }, 1)) > 0;

  return {
    sort,
    items: summaries.map((summary) => ({ ...summary, snippet: snippetSegments(summary.abstract, tokens) })),
    total: Math.min(page.total, COUNT_CAP),
    capped: page.total > COUNT_CAP,
    hasNext: page.hasNext,
    reviewHasRecords,
    search: {
      active: typedMatch !== null,
      onlyExcluded: false,
      truncated: typed.truncated,
      correctedTo,
      suggestion,
    },
  };
}
