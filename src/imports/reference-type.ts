/** The small set of types users filter and count by; the exact type stays in the CSL `type`. */
export const REFERENCE_TYPES = [
  'journal-article',
  'book',
  'chapter',
  'conference-paper',
  'thesis',
  'report',
  'preprint',
  'dataset',
  'webpage',
  'other',
] as const;

export type ReferenceType = (typeof REFERENCE_TYPES)[number];

const FROM_CSL: Record<string, ReferenceType> = {
  'article-journal': 'journal-article',
  review: 'journal-article',
  'review-book': 'journal-article',
  book: 'book',
  classic: 'book',
  chapter: 'chapter',
  'entry-encyclopedia': 'chapter',
  'entry-dictionary': 'chapter',
  'paper-conference': 'conference-paper',
  event: 'conference-paper',
  thesis: 'thesis',
  report: 'report',
  standard: 'report',
  legislation: 'report',
  article: 'preprint',
  dataset: 'dataset',
  webpage: 'webpage',
  'post-weblog': 'webpage',
  post: 'webpage',
};

export function referenceTypeOf(cslType: string): ReferenceType {
  return FROM_CSL[cslType] ?? 'other';
}

const NAMED_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/chapter|section|incollection|inbook/i, 'chapter'],
  [/conference|proceeding|congress|symposium/i, 'paper-conference'],
  [/thesis|dissertation/i, 'thesis'],
  [/preprint|working paper/i, 'article'],
  [/data ?set/i, 'dataset'],
  [/web ?page|website|online/i, 'webpage'],
  [/article|journal|review|letter|editorial|^jour$|^note$|^erratum/i, 'article-journal'],
  [/report|^rprt$/i, 'report'],
  [/book/i, 'book'],
];

/** CSL type from a free-text type name ("Journal Article", "Conference Paper", "Book chapter", "Review"). */
export function cslTypeFromName(name: string): string | null {
  return NAMED_TYPES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

/** PubMed publication types (MEDLINE PT, XML PublicationType): "Journal Article" decides when present. */
export function cslTypeFromPubMed(types: readonly string[]): string {
  const has = (pattern: RegExp) => types.some((t) => pattern.test(t));
  if (has(/^journal articles?$/i)) return 'article-journal';
  if (has(/preprint/i)) return 'article';
  if (has(/dataset/i)) return 'dataset';
  if (has(/chapter/i)) return 'chapter';
  if (has(/^book/i)) return 'book';
  if (has(/thesis|dissertation/i)) return 'thesis';
  if (has(/^reports?\b/i)) return 'report';
  if (has(/congress|conference/i)) return 'paper-conference';
  return 'article-journal';
}
