import { REFERENCE_TYPES, type ReferenceType } from '../imports/reference-type.js';

/** Imports store the coarse reference type (the exact one stays in the CSL); these are its plain names. */
const REFERENCE_TYPE_LABELS: Readonly<Record<ReferenceType, string>> = {
  'journal-article': 'Journal article',
  book: 'Book',
  chapter: 'Book chapter',
  'conference-paper': 'Conference paper',
  thesis: 'Thesis',
  report: 'Report',
  preprint: 'Preprint',
  dataset: 'Dataset',
  webpage: 'Web page',
  other: 'Other',
};

/** CSL type names, for records whose type was stored as a CSL type. */
const CSL_TYPE_LABELS: Readonly<Record<string, string>> = {
  'article-journal': 'Journal article',
  article: 'Article',
  'article-magazine': 'Magazine article',
  'article-newspaper': 'Newspaper article',
  review: 'Review',
  'paper-conference': 'Conference paper',
  manuscript: 'Manuscript',
  standard: 'Standard',
  legislation: 'Legislation',
  legal_case: 'Legal case',
  patent: 'Patent',
};

/** A type's plain name; a type not listed is shown as stored. */
export function typeLabel(type: string): string {
  return (REFERENCE_TYPE_LABELS as Record<string, string>)[type] ?? CSL_TYPE_LABELS[type] ?? type;
}

/** Types offered when editing: the ones imports use, plus the record's own if it is another. */
export function typeChoices(current: string): string[] {
  const known: string[] = [...REFERENCE_TYPES];
  return current === '' || known.includes(current) ? known : [current, ...known];
}
