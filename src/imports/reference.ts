import { withCharacters } from './character-placeholders.js';
import { normaliseDoi } from './doi.js';
import { RecordError } from './errors.js';
import { issnFrom, pmidFrom, webUrl, yearFrom } from './field-values.js';
import { assertSaneSizes } from './field-sizes.js';
import { displayName, nameFromText, type CslName } from './names.js';
import { referenceTypeOf, type ReferenceType } from './reference-type.js';
import { cleanMultiline, cleanText, decodeEntities, withoutInvisible } from './text.js';
import { sanitizeTitle, stripMarkup } from './title-markup.js';

/** A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html); never holds citation-js' `_graph`. */
export type CslItem = Record<string, unknown> & { type: string; title?: string };

/** One imported reference in the shape the rest of Coreview uses. Absent values are null or []. */
export interface Reference {
  type: ReferenceType;
  /**
   * Plain text plus balanced <i>, <b>, <sub>, <sup> only; render with views/components/record-title.tsx.
   * '' for a record the database returned without one (shown as "[No title]", see src/records/record-title.ts).
   */
  title: string;
  /** "Family, Given" (or an organisation's name), in the order of the file. */
  authors: string[];
  year: number | null;
  /** Journal, book or proceedings title: where the work was published. */
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  /** Lower case, without doi:/https://doi.org/ prefixes. */
  doi: string | null;
  pmid: string | null;
  /** Plain text; line breaks and paragraphs kept. */
  abstract: string | null;
  keywords: string[];
  /** Only ever an http(s) URL. */
  url: string | null;
  language: string | null;
  issn: string | null;
  publisher: string | null;
  csl: CslItem;
}

/** What a format reader takes from one record, before the normalisation every format shares. */
export interface ReferenceDraft {
  /** CSL type (article-journal, chapter, ...); the coarse Reference type is derived from it. */
  cslType: string;
  title?: string | null;
  authors?: ReadonlyArray<string | CslName>;
  year?: string | number | null;
  journal?: string | null;
  volume?: string | null;
  issue?: string | null;
  pages?: string | null;
  /** Candidates in priority order; the first that holds a DOI wins. */
  doi?: ReadonlyArray<string | null | undefined>;
  pmid?: string | null;
  abstract?: string | null;
  keywords?: readonly string[];
  /** Candidates in priority order; the first http(s) link wins. */
  urls?: readonly string[];
  language?: string | null;
  issn?: string | null;
  publisher?: string | null;
  /** Further CSL fields the format knows (editors, edition, citation key...); normalised fields override them. */
  csl?: Record<string, unknown>;
}

/**
 * Applies the rules every format shares. Throws RecordError when the record holds nothing at all
 * (a title is not required: an untitled record with an abstract or authors is still a record the
 * database returned) or an absurdly long field.
 */
export function finishReference(draft: ReferenceDraft, warn: (message: string) => void): Reference {
  const title = cleanText(sanitizeTitle(withCharacters(decodeEntities(draft.title ?? ''))));
  const names = (draft.authors ?? []).map(cleanName).filter((n): n is CslName => n !== null);
  const year = yearFrom(draft.year);
  const rawYear = draft.year === null || draft.year === undefined ? '' : cleanText(String(draft.year));
  if (year === null && rawYear !== '') warn(`Could not read a year from "${clip(rawYear)}".`);

  const reference: Reference = {
    type: referenceTypeOf(draft.cslType),
    title,
    authors: names.map(displayName),
    year,
    journal: plain(draft.journal),
    volume: plain(draft.volume),
    issue: plain(draft.issue),
    pages: plain(draft.pages),
    doi: pickDoi(draft.doi ?? [], warn),
    pmid: pmidFrom(draft.pmid),
    abstract: multiline(draft.abstract),
    keywords: distinct((draft.keywords ?? []).map(plain)),
    url: webUrl((draft.urls ?? []).map(decodeEntities), (dropped) =>
      warn(`Dropped a link that is not http(s): "${clip(dropped)}".`),
    ),
    language: plain(draft.language),
    issn: issnFrom(draft.issn),
    publisher: plain(draft.publisher),
    csl: { type: draft.cslType },
  };
  if (isEmpty(reference)) throw new RecordError('The record is empty: it has no title, authors, abstract, source, year, DOI, PMID or link.');
  assertSaneSizes(reference);
  reference.csl = buildCsl(reference, names, draft);
  return reference;
}

function isEmpty(ref: Reference): boolean {
  return ref.title === '' && ref.authors.length === 0 && ref.abstract === null && ref.journal === null && ref.year === null &&
    ref.doi === null && ref.pmid === null && ref.url === null;
}

function buildCsl(ref: Reference, names: CslName[], draft: ReferenceDraft): CslItem {
  const base = draft.csl ? (cleanDeep(draft.csl, 0) as Record<string, unknown>) : {};
  const core: Record<string, unknown> = {
    author: names.length > 0 ? names : undefined,
    // A fuller date the format supplied (month, day) is kept; otherwise the year is the date.
    issued: base['issued'] ?? (ref.year === null ? undefined : { 'date-parts': [[ref.year]] }),
    'container-title': ref.journal,
    volume: ref.volume,
    issue: ref.issue,
    page: ref.pages,
    DOI: ref.doi,
    PMID: ref.pmid,
    abstract: ref.abstract,
    keyword: ref.keywords.length > 0 ? ref.keywords.join(', ') : undefined,
    URL: ref.url,
    language: ref.language,
    ISSN: ref.issn,
    publisher: ref.publisher,
  };
  // Built fresh rather than with `delete`, which turns 50,000 objects into slow dictionaries.
  const csl: CslItem = { type: draft.cslType };
  if (ref.title !== '') csl.title = ref.title;
  for (const [key, value] of Object.entries(base)) if (!(key in core) && key !== 'type' && key !== 'title') csl[key] = value;
  for (const [key, value] of Object.entries(core)) if (value !== null && value !== undefined) csl[key] = value;
  return csl;
}

function pickDoi(candidates: ReadonlyArray<string | null | undefined>, warn: (message: string) => void): string | null {
  for (const candidate of candidates) {
    const doi = normaliseDoi(candidate ? decodeEntities(candidate) : null);
    if (doi) return doi;
  }
  const first = candidates[0];
  if (first && first.trim() !== '') warn(`"${clip(cleanText(first))}" is not a DOI; it was ignored.`);
  return null;
}

function cleanName(name: string | CslName): CslName | null {
  if (typeof name === 'string') return nameFromText(plain(name) ?? '');
  const out: CslName = {};
  for (const key of ['family', 'given', 'non-dropping-particle', 'suffix', 'literal'] as const) {
    const value = plain(name[key]);
    if (value) out[key] = value;
  }
  return out.family || out.literal ? out : out.given ? { literal: out.given } : null;
}

const plain = (value: string | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const text = cleanText(stripMarkup(withCharacters(decodeEntities(value))));
  return text === '' ? null : text;
};

const multiline = (value: string | null | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const text = cleanMultiline(stripMarkup(withCharacters(decodeEntities(value))));
  return text === '' ? null : text;
};

function distinct(values: ReadonlyArray<string | null>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    if (value === null || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push(value);
  }
  return out;
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

/** Copies user-supplied CSL without private keys (`_graph` and friends) or invisible characters. */
function cleanDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return withoutInvisible(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 16) return undefined;
  if (Array.isArray(value)) return value.map((item) => cleanDeep(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!key.startsWith('_') && item !== undefined) out[key] = cleanDeep(item, depth + 1);
  }
  return out;
}
