/**
 * A CSL item built from a record's columns as edited, for the CSL-JSON export and for the formatted
 * bibliography (citation-js). The imported CSL item (`csl_json`) only fills what the columns do not
 * hold (editors, edition, place, series, ISBN...), its richer author objects (particles) are used
 * only while they still say what the authors column says, and its full date only while its year is
 * the record's year: an edit always wins.
 */
import { displayName, type CslName } from '../../imports/names.js';
import { referenceTypeOf } from '../../imports/reference-type.js';
import type { ExportRecord } from '../export-record.js';

/** The CSL type each coarse type exports as when the imported CSL type no longer agrees with it (it was edited). */
const CSL_TYPE_OF: Record<string, string> = {
  'journal-article': 'article-journal',
  book: 'book',
  chapter: 'chapter',
  'conference-paper': 'paper-conference',
  thesis: 'thesis',
  report: 'report',
  preprint: 'article',
  dataset: 'dataset',
  webpage: 'webpage',
  other: 'document',
};

/** The CSL type to export: the imported one while it still maps to the record's type, else the type's own. */
export function cslTypeOf(record: Pick<ExportRecord, 'type' | 'csl'>): string {
  const imported = typeof record.csl['type'] === 'string' ? record.csl['type'] : null;
  if (imported !== null && referenceTypeOf(imported) === record.type) return imported;
  // A type column holding a CSL type itself (written by hand, never by an import) is taken as it is.
  return CSL_TYPE_OF[record.type] ?? (referenceTypeOf(record.type) !== 'other' ? record.type : 'document');
}

/**
 * A display name back to CSL: "Family, Given" (a third part is the suffix, as displayName writes
 * it), anything without a comma an organisation's (literal) name.
 */
export function nameOf(display: string): CslName {
  const parts = display.split(', ');
  if (parts.length === 1) return { literal: display };
  if (parts.length === 2) return parts[1] ? { family: parts[0]!, given: parts[1] } : { family: parts[0]! };
  return { family: parts[0]!, given: parts.slice(1, -1).join(', '), suffix: parts.at(-1)! };
}

const NAME_KEYS = ['family', 'given', 'non-dropping-particle', 'dropping-particle', 'suffix', 'literal'] as const;

function cleanNames(value: unknown): CslName[] | null {
  if (!Array.isArray(value)) return null;
  const names: CslName[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') return null;
    const name: Record<string, string> = {};
    for (const key of NAME_KEYS) {
      const part = (item as Record<string, unknown>)[key];
      if (typeof part === 'string' && part !== '') name[key] = part;
    }
    names.push(name as CslName);
  }
  return names;
}

/** The authors as CSL names: the imported objects while they display as the authors column, else parsed from it. */
export function cslAuthors(record: Pick<ExportRecord, 'authors' | 'csl'>): CslName[] {
  const imported = cleanNames(record.csl['author']);
  if (imported && imported.length === record.authors.length && imported.every((n, i) => displayName(n) === record.authors[i])) return imported;
  return record.authors.map(nameOf);
}

/** The imported date while its year is the record's year (it may hold month and day), else the year alone. */
export function cslIssued(record: Pick<ExportRecord, 'year' | 'csl'>): Record<string, unknown> | undefined {
  if (record.year === null) return undefined;
  const issued = record.csl['issued'];
  if (issued !== null && typeof issued === 'object' && !Array.isArray(issued)) {
    const parts = (issued as Record<string, unknown>)['date-parts'];
    const first = Array.isArray(parts) && Array.isArray(parts[0]) ? parts[0] : null;
    if (first && Number(first[0]) === record.year && first.every((p) => Number.isInteger(Number(p)))) {
      return { 'date-parts': [first.slice(0, 3).map(Number)] };
    }
  }
  return { 'date-parts': [[record.year]] };
}

/** The month (1-12) and day of the imported date when cslIssued kept it. */
export function issuedParts(record: Pick<ExportRecord, 'year' | 'csl'>): { year: number; month: number | null; day: number | null } | null {
  const issued = cslIssued(record);
  if (!issued || record.year === null) return null;
  const [year, month, day] = (issued['date-parts'] as number[][])[0]!;
  const valid = (n: number | undefined, max: number) => (n !== undefined && n >= 1 && n <= max ? n : null);
  const m = valid(month, 12);
  return { year: year!, month: m, day: m === null ? null : valid(day, 31) };
}

/** CSL variables the columns own: never copied from the imported item. */
const COLUMN_VARIABLES = new Set([
  'id', 'type', 'title', 'author', 'issued', 'container-title', 'volume', 'issue', 'page', 'DOI', 'PMID', 'abstract',
  'keyword', 'URL', 'language', 'ISSN', 'publisher', 'note', 'custom', 'citation-key',
]);

/**
 * The bibliographic CSL item of a record: columns first, then the imported item's other variables.
 * No Coreview extras and no note (a bibliography must not print screening notes).
 */
export function bibliographicItem(record: ExportRecord, id: string = String(record.id)): Record<string, unknown> {
  const item: Record<string, unknown> = { id, type: cslTypeOf(record) };
  if (record.title !== '') item['title'] = record.title;
  const authors = cslAuthors(record);
  if (authors.length > 0) item['author'] = authors;
  const issued = cslIssued(record);
  if (issued) item['issued'] = issued;
  const set = (key: string, value: string | null) => {
    if (value !== null && value !== '') item[key] = value;
  };
  set('container-title', record.journal);
  set('volume', record.volume);
  set('issue', record.issue);
  set('page', record.pages);
  set('DOI', record.doi);
  set('PMID', record.pmid);
  set('abstract', record.abstract);
  set('keyword', keywordList(record.keywords));
  set('URL', record.url);
  set('language', record.language);
  set('ISSN', record.issn);
  set('publisher', record.publisher);
  for (const [key, value] of Object.entries(record.csl)) {
    if (!COLUMN_VARIABLES.has(key) && !key.startsWith('_') && value !== null && value !== undefined) item[key] = value;
  }
  return item;
}

/**
 * Keywords as one text, "; " between them. A lone keyword with a comma ("Humans, male") gets a
 * trailing ";" so that readers which split on commas when there is no semicolon keep it whole.
 */
export function keywordList(keywords: readonly string[]): string | null {
  if (keywords.length === 0) return null;
  const text = keywords.join('; ');
  return keywords.length === 1 && text.includes(',') ? `${text};` : text;
}
