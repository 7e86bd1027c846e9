/**
 * Record types are CSL types (the reference shape imports produce), shown with plain names. A type
 * not listed here is shown as stored.
 */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  'article-journal': 'Journal article',
  article: 'Article',
  'article-magazine': 'Magazine article',
  'article-newspaper': 'Newspaper article',
  review: 'Review',
  'paper-conference': 'Conference paper',
  chapter: 'Book chapter',
  book: 'Book',
  thesis: 'Thesis',
  report: 'Report',
  dataset: 'Dataset',
  webpage: 'Web page',
  manuscript: 'Manuscript',
  preprint: 'Preprint',
  standard: 'Standard',
  legislation: 'Legislation',
  legal_case: 'Legal case',
  patent: 'Patent',
  other: 'Other',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

/** Types offered when editing: the known ones, plus the record's own if it is another. */
export function typeChoices(current: string): string[] {
  const known = Object.keys(TYPE_LABELS);
  return current === '' || known.includes(current) ? known : [current, ...known];
}
