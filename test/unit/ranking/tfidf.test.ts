import { describe, expect, it } from 'vitest';
import { termHash } from '../../../src/ranking/text-features.js';
import type { TermCounts } from '../../../src/ranking/text-features.js';
import { HASH_BUCKETS, HASHING_THRESHOLD, tfidfMatrix } from '../../../src/ranking/tfidf.js';
import type { CsrMatrix } from '../../../src/ranking/tfidf.js';
import { corpusTermCounts } from './corpus.js';
import { SKLEARN } from './sklearn-reference.js';

// Expected values: scikit-learn 1.2.1, see sklearn-reference.py.

function row(X: CsrMatrix, r: number): [number, number][] {
  const entries: [number, number][] = [];
  for (let k = X.indptr[r]!; k < X.indptr[r + 1]!; k++) entries.push([X.indices[k]!, X.data[k]!]);
  return entries;
}

/** The hash each column stands for: kept terms numbered by first use, row by row, ascending hash within a row. */
function columnHashes(docs: readonly TermCounts[], kept: ReadonlySet<number>): number[] {
  const columns: number[] = [];
  const seen = new Set<number>();
  for (const doc of docs) {
    for (const hash of doc.hashes) {
      if (kept.has(hash) && !seen.has(hash)) columns.push(hash);
      seen.add(hash);
    }
  }
  return columns;
}

describe('tfidfMatrix', () => {
  const docs = corpusTermCounts();

  it("equals TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=0.95, stop_words='english') to 1e-12", () => {
    const X = tfidfMatrix(docs);
    // No two of the corpus's terms share a hash.
    const termByHash = new Map(SKLEARN.terms.map((term) => [termHash(term), term]));
    expect(termByHash.size).toBe(SKLEARN.terms.length);
    const columnTerms = columnHashes(docs, new Set(termByHash.keys())).map((hash) => termByHash.get(hash)!);
    expect(X.rows).toBe(12);
    expect(X.cols).toBe(SKLEARN.terms.length);
    SKLEARN.tfidfRows.forEach((expected, r) => {
      const actual = row(X, r);
      const byTerm = new Map(actual.map(([col, value]) => [columnTerms[col]!, value]));
      expect([...byTerm.keys()].sort()).toEqual(expected.map(([term]) => term).sort());
      for (const [term, value] of expected) expect(Math.abs(byTerm.get(term)! - value)).toBeLessThan(1e-12);
    });
  });

  it('drops a term found in more than maxDf × n documents, as scikit-learn does', () => {
    // "study" is in all 12 documents: kept at df ≤ 1 × 12, dropped at 0.99 × 12 = 11.88 and at the default 0.95.
    expect(SKLEARN.terms).not.toContain('study');
    const study = termHash('study');
    expect(docs.every((doc) => doc.hashes.includes(study))).toBe(true);
    const kept = tfidfMatrix(docs, { maxDf: 1 });
    expect(kept.cols).toBe(SKLEARN.terms.length + 1);
    expect(tfidfMatrix(docs, { maxDf: 0.99 }).cols).toBe(SKLEARN.terms.length);
    // Its column has every row.
    const studyColumn = columnHashes(docs, new Set([...SKLEARN.terms.map(termHash), study])).indexOf(study);
    const rowsWithStudy = SKLEARN.corpus.filter((_, r) => row(kept, r).some(([col]) => col === studyColumn));
    expect(rowsWithStudy.length).toBe(12);
  });

  it('equals HashingVectorizer(2**18, alternate_sign=False) counts + max_df + TfidfTransformer(sublinear_tf=True)', () => {
    const X = tfidfMatrix(docs, { hashing: true });
    expect(X.cols).toBe(HASH_BUCKETS);
    SKLEARN.hashedRows.forEach((expected, r) => {
      const actual = row(X, r);
      expect(actual.map(([col]) => col)).toEqual(expected.map(([col]) => col));
      actual.forEach(([, value], k) => expect(Math.abs(value - expected[k]![1])).toBeLessThan(1e-12));
    });
  });

  it("sums the counts of terms sharing a bucket before the log, and puts hash -2^31 in bucket 0, as scikit-learn's", () => {
    // By hand: hashes 5, -5 and 5 + 2^18 share bucket 5 (counts 2 + 1 + 3 = 6); -2^31 falls in bucket 0.
    const a: TermCounts = { hashes: Int32Array.of(-(2 ** 31), -5, 5, 7, 5 + 2 ** 18), counts: Uint16Array.of(1, 1, 2, 1, 3) };
    const b: TermCounts = { hashes: Int32Array.of(7), counts: Uint16Array.of(4) };
    const X = tfidfMatrix([a, b], { hashing: true, maxDf: 1 });
    const idf1 = Math.log(3 / 2) + 1; // buckets 0 and 5: in 1 of 2 documents
    const raw = [idf1, (1 + Math.log(6)) * idf1, 1]; // bucket 7 is in both: idf ln(3 / 3) + 1 = 1
    const norm = Math.hypot(...raw);
    expect(row(X, 0).map(([col]) => col)).toEqual([0, 5, 7]);
    row(X, 0).forEach(([, value], k) => expect(value).toBeCloseTo(raw[k]! / norm, 14));
    expect(row(X, 1)).toEqual([[7, 1]]);
  });

  it(`hashes by default above ${HASHING_THRESHOLD} documents, and leaves an empty document an empty row`, () => {
    const empty: TermCounts = { hashes: new Int32Array(0), counts: new Uint16Array(0) };
    const many = (n: number) => [docs[0]!, ...Array.from({ length: n - 1 }, () => empty)];
    expect(tfidfMatrix(many(HASHING_THRESHOLD)).cols).toBe(docs[0]!.hashes.length);
    const hashed = tfidfMatrix(many(HASHING_THRESHOLD + 1));
    expect(hashed.cols).toBe(HASH_BUCKETS);
    expect(hashed.indptr[2]).toBe(hashed.indptr[1]);
    expect(hashed.indptr[HASHING_THRESHOLD + 1]).toBe(hashed.indptr[1]);
  });

  it('refuses a maxDf outside (0, 1]', () => {
    expect(() => tfidfMatrix(docs, { maxDf: 0 })).toThrow(/maxDf/);
    expect(() => tfidfMatrix(docs, { maxDf: 2 })).toThrow(/maxDf/);
    expect(() => tfidfMatrix(docs, { maxDf: Number.NaN })).toThrow(/maxDf/);
  });
});
