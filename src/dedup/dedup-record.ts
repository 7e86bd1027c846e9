import type { Reference } from '../imports/reference.js';
import type { ReferenceType } from '../imports/reference-type.js';

/**
 * What duplicate detection reads of a record: the bibliographic fields of a {@link Reference}
 * (or a stored `record` row) plus the few CSL fields that tell distinct works apart.
 */
export interface DedupRecord {
  id: number;
  /** May hold <i>, <b>, <sub>, <sup>: they are ignored when comparing. */
  title: string;
  /** "Family, Given" (or an organisation's name), in the file's order. */
  authors: readonly string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  /** Normalised by the import; any other form (prefix, upper case) is normalised again here. */
  doi: string | null;
  pmid: string | null;
  type: ReferenceType;
  /** The exact CSL type (`article` is a preprint, `chapter`, `book`...). */
  cslType?: string | null;
  /** CSL `edition`: "2", "2nd", "Second"... */
  edition?: string | null;
  /** CSL `collection-number`: the book's or report's number in its series (volume 3 of a series is not volume 4). */
  collectionNumber?: string | null;
  /** Characters of abstract; a longer abstract makes a better primary record. */
  abstractLength?: number;
}

/** The dedup view of an imported reference (`id` is the stored record's id). */
export function dedupRecordOf(id: number, ref: Reference): DedupRecord {
  const csl = (key: string): string | null => {
    const value = ref.csl[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  return {
    id,
    title: ref.title,
    authors: ref.authors,
    year: ref.year,
    journal: ref.journal,
    volume: ref.volume,
    issue: ref.issue,
    pages: ref.pages,
    doi: ref.doi,
    pmid: ref.pmid,
    type: ref.type,
    cslType: ref.csl.type,
    edition: csl('edition'),
    collectionNumber: csl('collection-number'),
    abstractLength: ref.abstract?.length ?? 0,
  };
}
