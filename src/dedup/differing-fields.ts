import type { DedupRecord } from './dedup-record.js';
import { foldText } from './fold-text.js';
import type { PreparedRecord } from './prepared-record.js';

export type CompareField = 'title' | 'authors' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'type';

const text = (field: 'title' | 'journal' | 'volume' | 'issue') => (r: DedupRecord) => {
  const value = r[field];
  return value ? foldText(value) : null;
};

const FIELDS: ReadonlyArray<[CompareField, (p: PreparedRecord) => string | null]> = [
  ['title', (p) => text('title')(p.record)],
  ['authors', (p) => (p.surnames.length > 0 ? p.surnames.join(' ') : null)],
  ['year', (p) => (p.record.year === null ? null : String(p.record.year))],
  ['journal', (p) => text('journal')(p.record)],
  ['volume', (p) => text('volume')(p.record)],
  ['issue', (p) => text('issue')(p.record)],
  ['pages', (p) => p.pages],
  ['doi', (p) => p.doi],
  ['pmid', (p) => p.pmid],
  ['type', (p) => p.record.type],
];

/**
 * The fields both records have with different values, for the review screen to highlight.
 * Differences a person would not call differences (case, accents, punctuation, "123-35" for
 * "123-135", given names) are ignored; a field only one record has is not listed.
 */
export function differingFields(a: PreparedRecord, b: PreparedRecord): CompareField[] {
  return FIELDS.filter(([, value]) => {
    const x = value(a);
    const y = value(b);
    return x !== null && y !== null && x !== y;
  }).map(([field]) => field);
}
