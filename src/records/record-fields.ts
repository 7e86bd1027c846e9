/**
 * Rules for the fields a person may change on a record, and the links built from them. Pure
 * functions: the edit service applies them, the views use the link helpers.
 */
import { SANE_LENGTH } from '../imports/field-sizes.js';
import type { FieldErrors } from '../domain-errors.js';
import type { EditableColumns } from './record-queries.js';

/** The edit form as typed: authors and keywords one per line. */
export interface RecordEditInput {
  title: string;
  authors: string;
  year: string;
  journal: string;
  volume: string;
  issue: string;
  pages: string;
  doi: string;
  pmid: string;
  url: string;
  abstract: string;
  keywords: string;
  type: string;
  language: string;
  issn: string;
  publisher: string;
}

export const EDIT_FIELDS = [
  'title', 'authors', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'url',
  'abstract', 'keywords', 'type', 'language', 'issn', 'publisher',
] as const satisfies ReadonlyArray<keyof RecordEditInput>;

/**
 * Longest value accepted per field (authors and keywords: per line): the import's limits, so any
 * record that could be imported can be edited without touching fields the person did not change.
 */
export const FIELD_LIMITS = {
  title: SANE_LENGTH.title,
  abstract: SANE_LENGTH.abstract,
  authors: SANE_LENGTH.other,
  journal: SANE_LENGTH.other,
  volume: SANE_LENGTH.other,
  issue: SANE_LENGTH.other,
  pages: SANE_LENGTH.other,
  doi: SANE_LENGTH.other,
  url: SANE_LENGTH.other,
  keywords: SANE_LENGTH.other,
  type: 50,
  language: SANE_LENGTH.other,
  issn: SANE_LENGTH.other,
  publisher: SANE_LENGTH.other,
} as const;
export const MAX_AUTHORS = 5000;
export const MAX_KEYWORDS = 500;
export const MIN_RECORD_YEAR = 1000;

const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;
const DOI_SHAPE = /^10\.\d{4,9}\/\S+$/;

/**
 * A DOI in its plain, lower-case form, without any `https://doi.org/`, `dx.doi.org` or `doi:`
 * prefix, or null when the text is not a DOI.
 *
 * @example normaliseDoi(' https://doi.org/10.1177/0264550520926573 ') // '10.1177/0264550520926573'
 */
export function normaliseDoi(text: string): string | null {
  const doi = text.trim().replace(DOI_PREFIX, '').trim().toLowerCase();
  return DOI_SHAPE.test(doi) ? doi : null;
}

/** The address, when it is an http(s) URL: the only kind that ever becomes a link. */
export function webUrl(text: string | null): string | null {
  if (!text) return null;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

/** PubMed's page for a PMID, or null when it is not a plain number. */
export function pubmedUrl(pmid: string | null): string | null {
  return pmid && /^\d{1,9}$/.test(pmid) ? `https://pubmed.ncbi.nlm.nih.gov/${pmid}/` : null;
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Checks an edit and turns it into record columns. Every problem is reported at once, keyed by
 * form field, in words that say how to fix it. A record imported without a title (`untitled`) may
 * stay so; any other keeps one.
 */
export function validateRecordEdit(input: RecordEditInput, now = new Date(), { untitled = false } = {}): { columns: EditableColumns; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const tooLong = (field: keyof typeof FIELD_LIMITS, value: string, label: string) => {
    if (value.length > FIELD_LIMITS[field]) errors[field] = `${label} must be at most ${FIELD_LIMITS[field].toLocaleString('en-GB')} characters.`;
  };

  const title = oneLine(input.title);
  if (title === '' && !untitled) errors.title = 'A record needs a title.';
  tooLong('title', title, 'The title');

  const authors = lines(input.authors);
  if (authors.length > MAX_AUTHORS) errors.authors = `At most ${MAX_AUTHORS.toLocaleString('en-GB')} authors, one per line.`;
  const longAuthor = authors.find((author) => author.length > FIELD_LIMITS.authors);
  if (longAuthor) errors.authors = `Each author must be at most ${FIELD_LIMITS.authors} characters; put one author per line.`;

  const latestYear = now.getUTCFullYear() + 1;
  let year: number | null = null;
  const yearText = input.year.trim();
  if (yearText !== '') {
    year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= MIN_RECORD_YEAR && year <= latestYear)) {
      errors.year = `Year must be a four-digit year from ${MIN_RECORD_YEAR} to ${latestYear}, or left empty.`;
    }
  }

  const journal = oneLine(input.journal);
  tooLong('journal', journal, 'Journal or source');
  const volume = oneLine(input.volume);
  tooLong('volume', volume, 'Volume');
  const issue = oneLine(input.issue);
  tooLong('issue', issue, 'Issue');
  const pages = oneLine(input.pages);
  tooLong('pages', pages, 'Pages');

  let doi: string | null = null;
  if (input.doi.trim() !== '') {
    doi = normaliseDoi(input.doi);
    if (doi === null) errors.doi = 'A DOI looks like 10.1177/0264550520926573 (a doi.org link or "doi:" in front is fine).';
    else tooLong('doi', doi, 'The DOI');
  }

  let pmid: string | null = input.pmid.trim().replace(/^pmid:?\s*/i, '');
  if (pmid === '') pmid = null;
  else if (!/^\d{1,9}$/.test(pmid)) errors.pmid = 'A PMID is a number of up to nine digits, such as 31234567.';

  let url: string | null = input.url.trim();
  if (url === '') url = null;
  else if (url.length > FIELD_LIMITS.url) tooLong('url', url, 'The web address');
  else if (webUrl(url) === null) errors.url = 'Only web addresses starting with http:// or https:// can be kept.';

  // Paragraphs stay: only line endings are made uniform and the ends trimmed.
  const abstract = input.abstract.replace(/\r\n?/g, '\n').trim();
  tooLong('abstract', abstract, 'The abstract');

  const keywords = [...new Set(lines(input.keywords))];
  if (keywords.length > MAX_KEYWORDS) errors.keywords = `At most ${MAX_KEYWORDS} keywords, one per line.`;
  if (keywords.some((keyword) => keyword.length > FIELD_LIMITS.keywords)) {
    errors.keywords = `Each keyword must be at most ${FIELD_LIMITS.keywords} characters; put one keyword per line.`;
  }

  const type = input.type.trim() || 'other';
  if (!/^[a-z][a-z0-9_-]{0,49}$/.test(type)) errors.type = 'Choose a type from the list.';

  const language = oneLine(input.language);
  tooLong('language', language, 'Language');
  const issn = oneLine(input.issn);
  tooLong('issn', issn, 'ISSN');
  const publisher = oneLine(input.publisher);
  tooLong('publisher', publisher, 'Publisher');

  return {
    columns: {
      title,
      authorsJson: JSON.stringify(authors),
      firstAuthor: authors[0] ?? '',
      year,
      journal,
      volume,
      issue,
      pages,
      doi,
      pmid,
      abstract,
      keywordsJson: JSON.stringify(keywords),
      type,
      url,
      language,
      issn,
      publisher,
    },
    errors,
  };
}
