import Fuse from 'fuse.js';

/** A term and how many records of the review hold it. */
export interface VocabularyTerm {
  term: string;
  docs: number;
}

/**
 * What correction needs from the index; the app's is scoped to one review (record-search.ts), tests
 * pass a list. Spellings may come from anywhere, counts only from the review: a spelling no record
 * of the review holds (docs 0) is never suggested, so nothing said depends on other reviews' words.
 */
export interface Vocabulary {
  /** Records of the review holding exactly this term (0 when none). */
  docs(term: string): Promise<number>;
  /** Spellings from `from` (inclusive) to `to` (exclusive), at most `limit`, alphabetically. */
  spellings(from: string, to: string, limit: number): Promise<string[]>;
}

/** A word in this many records or fewer is rare enough to look for a better spelling. */
export const RARE_DOCS = 2;
/** Words shorter than this, and words with digits, are taken as typed. */
const MIN_CORRECTABLE = 4;
/** Fuse's bitap matcher works on patterns up to 32 characters. */
const MAX_CORRECTABLE = 32;
/** Spellings read from the index per lookup: bounds the work for a very common prefix. */
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
 * The spellings Fuse.js finds close to `token`, closest first, equally close ones together. They
 * must be of similar length, so "desist" never stands in for "desistence".
 *
 * @example closeSpellings('desistence', ['desist', 'desistance', 'deterrence'])
 * // [['desistance']]
 */
export function closeSpellings(token: string, spellings: readonly string[]): string[][] {
  const allowed = maxLengthDifference(token);
  const similar = spellings.filter((s) => s !== token && Math.abs(s.length - token.length) <= allowed);
  if (similar.length === 0) return [];
  const threshold = token.length <= 5 ? 0.25 : 0.4;
  const fuse = new Fuse(similar, { includeScore: true, threshold, ignoreLocation: true, isCaseSensitive: true });
  const byScore = new Map<number, string[]>();
  for (const result of fuse.search(token)) {
    const score = Math.round((result.score ?? 1) * 100);
    byScore.set(score, [...(byScore.get(score) ?? []), result.item]);
  }
  return [...byScore].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/**
 * The closest spelling the review holds, the more frequent of equally close ones. Records are
 * counted group by group, closest first, until a group has one in the review.
 */
export async function closestTerm(token: string, spellings: readonly string[], docs: (term: string) => Promise<number>): Promise<VocabularyTerm | undefined> {
  for (const group of closeSpellings(token, spellings)) {
    let best: VocabularyTerm | undefined;
    for (const term of group) {
      const count = await docs(term);
      if (count > 0 && (!best || count > best.docs)) best = { term, docs: count };
    }
    if (best) return best;
  }
  return undefined;
}

function correctable(token: string): boolean {
  return token.length >= MIN_CORRECTABLE && token.length <= MAX_CORRECTABLE && !/\p{N}/u.test(token);
}

export interface Correction {
  from: string;
  to: string;
  /** Records of the review holding the typed word and the suggested one. */
  fromDocs: number;
  toDocs: number;
}

/**
 * For each rare token (in at most RARE_DOCS records of the review), the closest more frequent term
 * of the review. Candidates are the spellings sharing the token's first two letters, then (when none is close) its
 * first letter: a typo in the very first letter is not corrected, the price of staying cheap.
 */
export async function findCorrections(tokens: Iterable<string>, vocabulary: Vocabulary): Promise<Correction[]> {
  const corrections: Correction[] = [];
  // The first letter's range holds the first two letters' again: count each spelling once.
  const counted = new Map<string, Promise<number>>();
  const docs = (term: string) => counted.get(term) ?? counted.set(term, vocabulary.docs(term)).get(term)!;
  for (const token of new Set(tokens)) {
    if (!correctable(token)) continue;
    const fromDocs = await docs(token);
    if (fromDocs > RARE_DOCS) continue;
    let best: VocabularyTerm | undefined;
    for (const letters of [2, 1]) {
      const { from, to } = prefixRange(token, letters);
      best = await closestTerm(token, await vocabulary.spellings(from, to, CANDIDATE_LIMIT), docs);
      if (best) break;
    }
    if (best && best.docs > fromDocs) corrections.push({ from: token, to: best.term, fromDocs, toDocs: best.docs });
  }
  return corrections;
}
