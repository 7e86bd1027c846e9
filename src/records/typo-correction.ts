import Fuse from 'fuse.js';

/** A term of the search index and how many records hold it. */
export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** What correction needs from the index; the FTS5 vocabulary table in the app, a list in tests. */
export interface Vocabulary {
  /** Records holding exactly this term (0 when none). */
  docs(term: string): Promise<number>;
  /** Terms from `from` (inclusive) to `to` (exclusive), at most `limit`. */
  range(from: string, to: string, limit: number): Promise<VocabularyTerm[]>;
}

/** A word in this many records or fewer is rare enough to look for a better spelling. */
export const RARE_DOCS = 2;
/** Words shorter than this, and words with digits, are taken as typed. */
const MIN_CORRECTABLE = 4;
/** Fuse's bitap matcher works on patterns up to 32 characters. */
const MAX_CORRECTABLE = 32;
/** Terms read from the index per lookup: bounds the work for a very common prefix. */
const CANDIDATE_LIMIT = 4000;

/** The index range holding terms that start like `token`: its first `letters` letters. */
export function prefixRange(token: string, letters: number): { from: string; to: string } {
  const chars = Array.from(token).slice(0, letters);
  const last = chars.pop()!;
  const from = chars.join('') + last;
  return { from, to: chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1) };
}

function maxLengthDifference(token: string): number {
  return Math.max(1, Math.floor(token.length / 4));
}

/**
 * The candidate Fuse.js ranks closest to `token`, preferring the more frequent term when two are
 * equally close. Candidates must be of similar length, so "desist" never stands in for "desistence".
 *
 * @example closestTerm('desistence', [{ term: 'desistance', docs: 812 }, { term: 'deterrence', docs: 40 }])
 * // { term: 'desistance', docs: 812 }
 */
export function closestTerm(token: string, candidates: readonly VocabularyTerm[]): VocabularyTerm | undefined {
  const allowed = maxLengthDifference(token);
  const similar = candidates.filter(
    (c) => c.term !== token && c.docs > 0 && Math.abs(c.term.length - token.length) <= allowed,
  );
  if (similar.length === 0) return undefined;
  const threshold = token.length <= 5 ? 0.25 : 0.4;
  const fuse = new Fuse(similar, { keys: ['term'], includeScore: true, threshold, ignoreLocation: true, isCaseSensitive: true });
  const ranked = fuse
    .search(token)
    .map((result) => ({ item: result.item, score: Math.round((result.score ?? 1) * 100) }))
    .sort((a, b) => a.score - b.score || b.item.docs - a.item.docs);
  return ranked[0]?.item;
}

function correctable(token: string): boolean {
  return token.length >= MIN_CORRECTABLE && token.length <= MAX_CORRECTABLE && !/\p{N}/u.test(token);
}

export interface Correction {
  from: string;
  to: string;
  /** Records holding the typed word and the suggested one, across the index. */
  fromDocs: number;
  toDocs: number;
}

/**
 * For each rare token (in at most RARE_DOCS records), the closest more frequent term of the index.
 * Candidates are the terms sharing the token's first two letters, then (when none is close) its
 * first letter: a typo in the very first letter is not corrected, the price of staying cheap.
 */
export async function findCorrections(tokens: Iterable<string>, vocabulary: Vocabulary): Promise<Correction[]> {
  const corrections: Correction[] = [];
  for (const token of new Set(tokens)) {
    if (!correctable(token)) continue;
    const fromDocs = await vocabulary.docs(token);
    if (fromDocs > RARE_DOCS) continue;
    let best: VocabularyTerm | undefined;
    for (const letters of [2, 1]) {
      const { from, to } = prefixRange(token, letters);
      best = closestTerm(token, await vocabulary.range(from, to, CANDIDATE_LIMIT));
      if (best) break;
    }
    if (best && best.docs > fromDocs) corrections.push({ from: token, to: best.term, fromDocs, toDocs: best.docs });
  }
  return corrections;
}
