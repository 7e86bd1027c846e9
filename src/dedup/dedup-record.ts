import type { Reference } from '../imports/reference.js';

/**
 * What duplicate detection reads of a record: the bibliographic fields of a {@link Reference}
 * (or a stored `record` row) plus the few CSL fields that tell distinct works apart.
 */
export interface DedupRecord
  extends Pick<Reference, 'title' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'type'> {
  id: number;
  authors: readonly string[];
  /** The exact CSL type (`article` is a preprint, `chapter`, `book`...). */
  cslType?: string | null;
  /** CSL `edition`: "2", "2nd", "Second"... */
  edition?: string | null;
  /** CSL `collection-number`: the book's or report's number in its series (volume 3 of a series is not volume 4). */
  collectionNumber?: string | null;
  /** Characters of abstract; a longer abstract makes a better primary record. */
  abstractLength?: number;
}

/**
 * What a parsed {@link Reference} and a stored `record` row both provide (record-to-dedup.ts reads
 * a row into it). Of the CSL item only `type`, `edition` and `collection-number` are read.
 */
export type DedupSource = Pick<Reference, 'title' | 'authors' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'type'> & {
  csl: Readonly<Record<string, unknown>>;
  abstractLength: number;
};

/** The dedup view of an imported reference (`id` is the stored record's id). */
export function dedupRecordOf(id: number, ref: Reference): DedupRecord {
  return dedupRecordFrom(id, { ...ref, abstractLength: ref.abstract?.length ?? 0 });
}

export function dedupRecordFrom(id: number, source: DedupSource): DedupRecord {
  const csl = (key: string): string | null => {
    const value = source.csl[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  return {
    id,
    title: source.title,
    authors: source.authors,
    year: source.year,
    journal: source.journal,
    volume: source.volume,
    issue: source.issue,
    pages: source.pages,
    doi: source.doi,
    pmid: source.pmid,
    type: source.type,
    cslType: csl('type'),
    edition: csl('edition'),
    collectionNumber: csl('collection-number'),
    abstractLength: source.abstractLength,
  };
}
