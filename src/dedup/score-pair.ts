import { journalsMatch } from './journal-key.js';
import type { PreparedRecord } from './prepared-record.js';
import { editSimilarity, wordOverlap } from './similarity.js';

/** How alike two records are, field by field, and what a person should be told about it. */
export interface PairScore {
  /** Weighted mean of the similarities of the fields both records have, 0..1. */
  score: number;
  /** Title similarity alone, 0..1: a pair is only worth showing when its titles are close. */
  title: number;
  reasons: string[];
}

/** Titles within this edit similarity are worth an exact comparison; below it editSimilarity gives up early. */
const TITLE_FLOOR = 0.6;
/** A title that is another's main title (subtitle dropped by one source) counts as this similar. */
const SUBTITLE_MATCH = 0.9;

// Title decides most; the rest confirm or contradict. A field missing on either side is left out
// of the mean rather than counted as a difference, since sources routinely drop fields.
const WEIGHT = { title: 0.5, author: 0.15, year: 0.1, journal: 0.08, volume: 0.04, pages: 0.08, identifier: 0.2 };

export function titleSimilarity(a: PreparedRecord, b: PreparedRecord): { value: number; reason: string } {
  if (a.titleKey === '' || b.titleKey === '') return { value: 0, reason: 'a record has no title' };
  if (a.titleKey === b.titleKey) return { value: 1, reason: 'titles match after normalisation' };
  const words = wordOverlap(a.words, b.words);
  const edit = words < TITLE_FLOOR * 0.75 ? 0 : editSimilarity(a.title, b.title, TITLE_FLOOR);
  const subtitle =
    (a.mainTitleKey !== null && (a.mainTitleKey === b.titleKey || a.mainTitleKey === b.mainTitleKey)) ||
    (b.mainTitleKey !== null && b.mainTitleKey === a.titleKey);
  if (subtitle && SUBTITLE_MATCH >= Math.max(edit, words)) return { value: SUBTITLE_MATCH, reason: 'titles match apart from a subtitle' };
  if (words === 1 && edit < 1) return { value: 1, reason: 'titles have the same words in another order' };
  const value = Math.max(edit, words);
  return { value, reason: `titles ${Math.floor(value * 100)}% similar` };
}

export function scorePair(a: PreparedRecord, b: PreparedRecord): PairScore {
  const title = titleSimilarity(a, b);
  const reasons = [title.reason];
  let sum = WEIGHT.title * title.value;
  let weights = WEIGHT.title;
  const add = (weight: number, value: number, reason: string | null) => {
    sum += weight * value;
    weights += weight;
    if (reason !== null) reasons.push(reason);
  };

  if (a.doi !== null && a.doi === b.doi) add(WEIGHT.identifier, 1, 'same DOI');
  if (a.pmid !== null && a.pmid === b.pmid) add(WEIGHT.identifier, 1, 'same PMID');
  if (a.surname !== null && b.surname !== null) {
    if (a.surname === b.surname) add(WEIGHT.author, 1, 'same first author');
    else if (a.surnames.includes(b.surname) || b.surnames.includes(a.surname)) add(WEIGHT.author, 0.7, 'authors in another order');
    else {
      const close = editSimilarity(a.surname, b.surname, 0.75);
      add(WEIGHT.author, close, close > 0 ? 'first authors spelt differently' : 'first authors differ');
    }
  }
  const ya = a.record.year;
  const yb = b.record.year;
  if (ya !== null && yb !== null) {
    const gap = Math.abs(ya - yb);
    add(WEIGHT.year, gap === 0 ? 1 : gap === 1 ? 0.7 : gap === 2 ? 0.2 : 0, gap === 0 ? 'same year' : `years differ by ${gap}`);
  }
  if (a.journal.length > 0 && b.journal.length > 0) {
    const same = journalsMatch(a.journal, b.journal);
    add(WEIGHT.journal, same ? 1 : editSimilarity(a.journal.join(' '), b.journal.join(' '), 0.7), same ? 'same journal' : null);
  }
  if (a.volume !== null && b.volume !== null) add(WEIGHT.volume, a.volume === b.volume ? 1 : 0, a.volume === b.volume ? null : 'volumes differ');
  if (a.firstPage !== null && b.firstPage !== null) {
    const value = a.pages === b.pages ? 1 : a.firstPage === b.firstPage ? 0.9 : 0;
    add(WEIGHT.pages, value, value > 0 ? 'same pages' : 'pages differ');
  }
  return { score: sum / weights, title: title.value, reasons };
}
