import type { SourceType } from '../db/schema.js';
import type { FormInput } from '../http/form-input.js';

/** PRISMA 2020 counts records from each kind of source apart. */
export const SOURCE_TYPES: ReadonlyArray<{ id: SourceType; label: string }> = [
  { id: 'database', label: 'Database' },
  { id: 'register', label: 'Register' },
  { id: 'website', label: 'Website' },
  { id: 'organisation', label: 'Organisation' },
  { id: 'citation_searching', label: 'Citation searching' },
  { id: 'other', label: 'Other' },
];

/** Offered as suggestions; any other name can be typed. */
export const COMMON_SOURCES = [
  'Scopus',
  'Web of Science Core Collection',
  'PubMed / MEDLINE',
  'Embase',
  'APA PsycInfo',
  'Criminal Justice Abstracts (EBSCO)',
  'Sociological Abstracts (ProQuest)',
  'ProQuest Dissertations & Theses',
  'International Bibliography of the Social Sciences',
  'ERIC',
  'EconLit',
  'Google Scholar',
  'Lens.org',
  'Dimensions',
  'OpenAlex',
  'Zotero library',
];

/** What a researcher says about one search, stored with every batch it produced. */
export interface SearchDetails {
  sourceType: SourceType;
  sourceName: string;
  /** YYYY-MM-DD, or null when not given. */
  searchedOn: string | null;
  query: string;
  notes: string;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Reads the search fields of the upload form; problems are recorded on the form. */
export function readSearchDetails(form: FormInput): SearchDetails {
  const sourceType = form.oneOf('sourceType', SOURCE_TYPES.map((t) => t.id), 'Source type');
  const sourceName = form.text('sourceName', { label: 'Source', required: true, max: 200 });
  const searchedOn = form.text('searchedOn', { label: 'Date searched', max: 10 });
  if (searchedOn && !isIsoDate(searchedOn)) form.fail('searchedOn', 'Date searched must be a real date, as YYYY-MM-DD.');
  return {
    sourceType,
    sourceName,
    searchedOn: searchedOn || null,
    query: form.text('query', { label: 'Search query', max: 20_000 }),
    notes: form.text('notes', { label: 'Notes', max: 5_000 }),
  };
}
