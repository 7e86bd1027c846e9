import { normaliseDoi } from '../imports/doi.js';
import { surnameKey } from './author-key.js';
import type { DedupRecord } from './dedup-record.js';
import {
  correctedTitle,
  doiFamily,
  editionOf,
  isConferenceReport,
  isJstorDoi,
  isPreprint,
  isPreprintServer,
  noticeKind,
  seriesMark,
  titleNumbers,
  type NoticeKind,
} from './distinguishing-marks.js';
import { foldText } from './fold-text.js';
import { journalWords } from './journal-key.js';
import { foldedTitleWords, isProtocol, mainTitle } from './normalise-title.js';
import { firstPage, pageRange } from './page-key.js';

/** A record with every comparison key computed once, so comparing a pair does no text processing. */
export interface PreparedRecord {
  record: DedupRecord;
  /** Position in the input array: pairs and blocks refer to records by it. */
  index: number;
  doi: string | null;
  /** The DOI without a version or update suffix (doiFamily): equal for a deposit and its `.v1`. */
  doiFamily: string | null;
  jstor: boolean;
  pmid: string | null;
  /** Normalised title (see normalise-title.ts). */
  title: string;
  /** The normalised title without spaces, so "co-operative" and "cooperative" agree: the key titles are equal by. */
  titleKey: string;
  /** The same key for the main title, when the title has an informative one before a subtitle. */
  mainTitleKey: string | null;
  /** Title word ids, sorted and distinct, for a fast overlap check. */
  words: Int32Array;
  surname: string | null;
  /** Every author's surname key, for "same authors" beyond the first. */
  surnames: readonly string[];
  journal: readonly string[];
  volume: string | null;
  firstPage: string | null;
  pages: string | null;
  series: string;
  numbers: string;
  edition: string | null;
  /** CSL collection-number: the book's or report's number in its series. */
  seriesNumber: string | null;
  notice: NoticeKind | null;
  protocol: boolean;
  /** A preprint or a deposit: an early version of a work (see isPreprint). */
  preprint: boolean;
  /** A conference abstract or paper: a report of its own beside the article that grew from it. */
  conference: boolean;
}

/**
 * What one detection run computes once and shares between records: an integer for each distinct
 * title word (word sets then compare as sorted integer arrays), and the keys of each distinct
 * journal name and author, which repeat across thousands of records.
 */
export class KeyCache {
  readonly #ids = new Map<string, number>();
  readonly #journals = new Map<string, { words: string[]; preprintServer: boolean; folded: string }>();
  readonly #surnames = new Map<string, string | null>();

  journal(name: string): { words: string[]; preprintServer: boolean; folded: string } {
    let keys = this.#journals.get(name);
    if (keys === undefined) {
      const folded = foldText(name);
      keys = { words: journalWords(name), preprintServer: isPreprintServer(folded), folded };
      this.#journals.set(name, keys);
    }
    return keys;
  }

  surname(author: string): string | null {
    let key = this.#surnames.get(author);
    if (key === undefined) {
      key = surnameKey(author);
      this.#surnames.set(author, key);
    }
    return key;
  }

  idsOf(words: readonly string[]): Int32Array {
    const ids = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      let id = this.#ids.get(word);
      if (id === undefined) {
        id = this.#ids.size;
        this.#ids.set(word, id);
      }
      ids[i] = id;
    }
    return distinctSorted(ids);
  }
}

export function prepareRecord(record: DedupRecord, index: number, cache: KeyCache): PreparedRecord {
  const folded = foldText(record.title);
  const notice = noticeKind(folded);
  // A correction notice compares by the title it corrects, however the database titled it.
  const compared = notice === 'correction' ? correctedTitle(folded) : folded;
  const words = foldedTitleWords(compared);
  const doi = normaliseDoi(record.doi);
  const volume = foldText(record.volume ?? '');
  const seriesNumber = foldText(record.collectionNumber ?? '');
  const journal = record.journal ? cache.journal(record.journal) : null;
  const surnames = record.authors.map((author) => cache.surname(author));
  return {
    record,
    index,
    doi,
    doiFamily: doi === null ? null : doiFamily(doi),
    jstor: doi !== null && isJstorDoi(doi),
    pmid: record.pmid?.trim() || null,
    title: words.join(' '),
    titleKey: words.join(''),
    // Only a title with a subtitle separator pays for a second normalisation.
    mainTitleKey: /[:?–—-]/.test(record.title) ? (mainTitle(record.title)?.replace(/ /g, '') ?? null) : null,
    words: cache.idsOf(words),
    surname: surnames[0] ?? null,
    surnames: surnames.filter((s): s is string => s !== null),
    journal: journal?.words ?? [],
    volume: volume === '' ? null : volume,
    firstPage: firstPage(record.pages),
    pages: pageRange(record.pages),
    series: seriesMark(compared),
    numbers: titleNumbers(compared),
    edition: editionOf(record.edition, folded),
    seriesNumber: seriesNumber === '' ? null : seriesNumber,
    notice,
    protocol: isProtocol(folded),
    preprint: isPreprint(record, journal?.preprintServer ?? false),
    conference: isConferenceReport(record, journal?.folded ?? ''),
  };
}

function distinctSorted(ids: Int32Array): Int32Array {
  ids.sort();
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[n - 1]) ids[n++] = ids[i]!;
  return ids.subarray(0, n);
}
