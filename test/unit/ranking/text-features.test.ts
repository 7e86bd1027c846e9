import { describe, expect, it } from 'vitest';
import { ENGLISH_STOP_WORDS } from '../../../src/ranking/english-stop-words.js';
import {
  analyze,
  decodeTermCounts,
  documentText,
  encodeTermCounts,
  termCounts,
  termHash,
} from '../../../src/ranking/text-features.js';
import { SKLEARN } from './sklearn-reference.js';

// Expected values come from scikit-learn 1.2.1 (sklearn-reference.py, embedded in sklearn-reference.ts) or are
// worked out by hand in the test.

describe('documentText', () => {
  it("joins title and abstract with one space, a missing one as '' (ASReview's TextMerger)", () => {
    expect(documentText('Title', 'Abstract')).toBe('Title Abstract');
    expect(documentText(null, 'Abstract')).toBe(' Abstract');
    expect(documentText('Title', null)).toBe('Title ');
    expect(documentText(null, null)).toBe(' ');
  });
});

describe('analyze', () => {
  it("equals TfidfVectorizer(ngram_range=(1, 2), stop_words='english').build_analyzer() on the corpus", () => {
    SKLEARN.corpus.forEach(([title, abstract], row) => {
      expect(analyze(documentText(title, abstract))).toEqual(SKLEARN.analyzed[row]);
    });
  });

  it('equals scikit-learn on punctuation, digits, underscores, apostrophes, hyphens, case and non-Latin text', () => {
    for (const [text, expected] of SKLEARN.trickyAnalyzed) expect(analyze(text)).toEqual(expected);
  });

  it('drops one-character tokens and stop words before pairing the words that remain', () => {
    // "x", "y" and "z" are single letters; "of", "the" and "and" are stop words, so the pairs skip over them.
    expect(analyze('Reintegration of x the prisoners and y z co-operatives')).toEqual([
      'reintegration',
      'prisoners',
      'operatives',
      'reintegration prisoners',
      'prisoners operatives',
    ]);
  });

  it("uses scikit-learn's 318 English stop words", () => {
    expect(ENGLISH_STOP_WORDS.size).toBe(318);
    expect(ENGLISH_STOP_WORDS.has('amoungst')).toBe(true);
    expect(ENGLISH_STOP_WORDS.has('desistance')).toBe(false);
  });
});

describe('termHash', () => {
  it('equals murmurhash3_32(s, seed=0, positive=False) over UTF-8, for ASCII, accented, Greek and CJK text', () => {
    for (const [text, hash] of SKLEARN.hashes) expect(termHash(text)).toBe(hash);
  });
});

describe('termCounts', () => {
  it("lists each distinct term's hash once, ascending, with its count", () => {
    const counts = termCounts('nitrogen Nitrogen maize NITROGEN');
    const expected = new Map([
      [termHash('nitrogen'), 3],
      [termHash('maize'), 1],
      [termHash('nitrogen nitrogen'), 1],
      [termHash('nitrogen maize'), 1],
      [termHash('maize nitrogen'), 1],
    ]);
    expect([...counts.hashes]).toEqual([...expected.keys()].sort((a, b) => a - b));
    expect([...counts.hashes].map((_, k) => counts.counts[k])).toEqual(
      [...counts.hashes].map((hash) => expected.get(hash)),
    );
  });

  it('caps a count at 65535', () => {
    const counts = termCounts('ab '.repeat(70_000));
    expect(counts.counts[counts.hashes.indexOf(termHash('ab'))]).toBe(65_535);
    expect(counts.counts[counts.hashes.indexOf(termHash('ab ab'))]).toBe(65_535);
  });

  it('is empty for a text without terms', () => {
    expect(termCounts(documentText(null, 'a, the; x.')).hashes.length).toBe(0);
  });
});

describe('encodeTermCounts / decodeTermCounts', () => {
  const [title, abstract] = SKLEARN.corpus[6]!;
  const counts = termCounts(documentText(title, abstract));

  it('round-trips, also from a view at an odd offset of a larger buffer (as a BLOB may arrive)', () => {
    const bytes = encodeTermCounts(counts);
    expect(bytes.length).toBe(4 + 6 * counts.hashes.length);
    expect(decodeTermCounts(bytes)).toEqual(counts);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 1);
    expect(decodeTermCounts(padded.subarray(1, 1 + bytes.length))).toEqual(counts);
    const empty = { hashes: new Int32Array(0), counts: new Uint16Array(0) };
    expect(decodeTermCounts(encodeTermCounts(empty))).toEqual(empty);
  });

  it('is little endian: the term count first, then the hashes, then the counts', () => {
    const bytes = encodeTermCounts({ hashes: Int32Array.of(-2, 258), counts: Uint16Array.of(3, 65_535) });
    expect([...bytes]).toEqual([2, 0, 0, 0, 254, 255, 255, 255, 2, 1, 0, 0, 3, 0, 255, 255]);
  });

  it('rejects a malformed length, a truncated blob and hashes out of order', () => {
    const bytes = encodeTermCounts(counts);
    expect(() => decodeTermCounts(bytes.subarray(0, 3))).toThrow(/too short/);
    expect(() => decodeTermCounts(bytes.subarray(0, bytes.length - 1))).toThrow(/cannot hold/);
    expect(() => decodeTermCounts(Uint8Array.of(255, 255, 255, 255, 0, 0))).toThrow(/cannot hold/);
    const swapped = encodeTermCounts({ hashes: Int32Array.of(5, 1), counts: Uint16Array.of(1, 1) });
    expect(() => decodeTermCounts(swapped)).toThrow(/ascending/);
  });
});
