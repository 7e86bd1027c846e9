import { foldText } from './fold-text.js';

const DROPPED = new Set(['the', 'of', 'and', 'for', 'in', 'on', 'a', 'an', 'de', 'la', 'le', 'und', 'fur']);

/**
 * Journal words to compare: folded, "&"/"and", "The" and other small words dropped, and only the
 * main title ("Quality of Life Research: An International Journal..." → ["quality", "life", "research"]).
 */
export function journalWords(journal: string): string[] {
  const main = journal.split(/:\s|\s[-–—]\s|\s\(/)[0] ?? journal;
  return foldText(main)
    .split(' ')
    .filter((w) => w !== '' && !DROPPED.has(w));
}

/**
 * Whether two journal names name the same journal: equal words, or one is the ISO abbreviation of
 * the other word by word ("J Gambl Stud" and "Journal of Gambling Studies").
 */
export function journalsMatch(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  return a.every((word, i) => {
    const other = b[i]!;
    return word === other || (word.length < other.length ? other.startsWith(word) : word.startsWith(other));
  });
}
