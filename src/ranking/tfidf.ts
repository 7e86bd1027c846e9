import { MAX_DF } from './text-features.js';
import type { TermCounts } from './text-features.js';

/** A sparse row-major matrix (scipy's CSR layout). */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}

/** Above this many documents the columns are hashed into buckets, as the issue measured at no cost. */
export const HASHING_THRESHOLD = 20_000;
/** HashingVectorizer's n_features that the issue measured. */
export const HASH_BUCKETS = 2 ** 18;

/**
 * TfidfVectorizer(sublinear_tf=True, max_df) over the documents' term counts: tf 1 + ln(count), idf
 * ln((1 + n) / (1 + df)) + 1, rows l2-normalised, terms in more than maxDf × n documents dropped.
 *
 * Without hashing the columns are the kept distinct 32-bit term hashes, numbered in order of first use (by row,
 * then by ascending hash within a row): a hash stands for its term (two terms of a review share one with odds of
 * about 1 in 4 billion per pair, and then count as one term).
 * With hashing a column is HashingVectorizer(alternate_sign=False)'s index |h| mod 2^18, the counts of terms
 * sharing a bucket summed, then the same tf, idf, max_df and norm over buckets.
 */
export function tfidfMatrix(
  docs: readonly TermCounts[],
  options: { maxDf?: number; hashing?: boolean } = {},
): CsrMatrix {
  const maxDf = options.maxDf ?? MAX_DF;
  if (!(maxDf > 0 && maxDf <= 1)) throw new Error(`maxDf must be in (0, 1], got ${maxDf}`);
  const hashing = options.hashing ?? docs.length > HASHING_THRESHOLD;
  return hashing ? hashedMatrix(docs, maxDf) : exactMatrix(docs, maxDf);
}

// Both builders size their arrays for every term and return views of the part used (only terms over max_df are
// left out), rather than copies that would double the peak memory at 50,000 records.

function exactMatrix(docs: readonly TermCounts[], maxDf: number): CsrMatrix {
  const n = docs.length;
  let total = 0;
  for (const doc of docs) total += doc.hashes.length;
  const table = new HashTable();
  for (const doc of docs) for (let k = 0; k < doc.hashes.length; k++) table.increment(doc.hashes[k]!);

  // Number the kept terms (scikit-learn drops df > max_df × n) in order of first use, so that a record's rare
  // terms, most of its terms, sit side by side: training and scoring then mostly read weights in order (scoring
  // 10,000 records took a quarter of the time it took with columns in hash order).
  const highest = maxDf * n;
  const idf = new Float64Array(table.size);
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(total);
  const data = new Float64Array(total);
  let cols = 0;
  let nnz = 0;
  for (let row = 0; row < n; row++) {
    const { hashes, counts } = docs[row]!;
    const start = nnz;
    for (let k = 0; k < hashes.length; k++) {
      const slot = table.find(hashes[k]!);
      let mark = table.values[slot]!; // a df until the term is numbered, then -(column + 1); 0 once dropped
      if (mark > 0) {
        if (mark > highest) {
          table.values[slot] = 0;
          continue;
        }
        idf[cols] = Math.log((1 + n) / (1 + mark)) + 1;
        cols++;
        mark = -cols;
        table.values[slot] = mark;
      }
      if (mark === 0) continue;
      const col = -mark - 1;
      indices[nnz] = col;
      data[nnz++] = (1 + Math.log(counts[k]!)) * idf[col]!;
    }
    normalise(data, start, nnz);
    indptr[row + 1] = nnz;
  }
  return { rows: n, cols, indptr, indices: indices.subarray(0, nnz), data: data.subarray(0, nnz) };
}

function hashedMatrix(docs: readonly TermCounts[], maxDf: number): CsrMatrix {
  const n = docs.length;
  let total = 0;
  for (const doc of docs) total += doc.hashes.length;
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(total);
  const counts = new Float64Array(total);
  const df = new Int32Array(HASH_BUCKETS);
  let keys = new Float64Array(64);
  let nnz = 0;
  for (let row = 0; row < n; row++) {
    const doc = docs[row]!;
    const m = doc.hashes.length;
    if (keys.length < m) keys = new Float64Array(m * 2);
    // bucket × 2^16 + count sorts by bucket; Math.abs(-2^31) % 2^18 is 0, as scikit-learn defines that case.
    for (let k = 0; k < m; k++) keys[k] = (Math.abs(doc.hashes[k]!) % HASH_BUCKETS) * 65536 + doc.counts[k]!;
    const sorted = keys.subarray(0, m).sort();
    for (let k = 0; k < m; k++) {
      const bucket = Math.floor(sorted[k]! / 65536);
      const count = sorted[k]! - bucket * 65536;
      if (nnz > indptr[row]! && indices[nnz - 1] === bucket) {
        counts[nnz - 1]! += count;
      } else {
        indices[nnz] = bucket;
        counts[nnz++] = count;
        df[bucket]!++;
      }
    }
    indptr[row + 1] = nnz;
  }

  const highest = maxDf * n;
  const idf = new Float64Array(HASH_BUCKETS);
  for (let b = 0; b < HASH_BUCKETS; b++) idf[b] = df[b]! > highest ? 0 : Math.log((1 + n) / (1 + df[b]!)) + 1;
  // Compact away the dropped buckets in place (idf 0 marks them).
  let out = 0;
  for (let row = 0; row < n; row++) {
    const start = out;
    for (let k = indptr[row]!; k < indptr[row + 1]!; k++) {
      const bucket = indices[k]!;
      if (idf[bucket] === 0) continue;
      indices[out] = bucket;
      counts[out++] = (1 + Math.log(counts[k]!)) * idf[bucket]!;
    }
    indptr[row] = start; // read above before it is overwritten, and row + 1 is still the old start
    normalise(counts, start, out);
  }
  indptr[n] = out;
  return { rows: n, cols: HASH_BUCKETS, indptr, indices: indices.subarray(0, out), data: counts.subarray(0, out) };
}

function normalise(data: Float64Array, start: number, end: number): void {
  let sum = 0;
  for (let k = start; k < end; k++) sum += data[k]! * data[k]!;
  if (sum === 0) return;
  const norm = Math.sqrt(sum);
  for (let k = start; k < end; k++) data[k]! /= norm;
}

/** Open addressing from an int32 key to an int32 value, so millions of lookups allocate nothing. */
class HashTable {
  keys: Int32Array;
  values: Int32Array;
  used: Uint8Array;
  size = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
  }

  /** The key's slot, claimed (value 0) when the key is new. */
  find(key: number): number {
    const mask = this.keys.length - 1;
    // Keys are murmur hashes, already well mixed: their low bits index the table.
    let slot = key & mask;
    while (this.used[slot]) {
      if (this.keys[slot] === key) return slot;
      slot = (slot + 1) & mask;
    }
    if (++this.size * 2 > this.keys.length) {
      this.grow();
      return this.find(key);
    }
    this.used[slot] = 1;
    this.keys[slot] = key;
    return slot;
  }

  increment(key: number): void {
    this.values[this.find(key)]!++;
  }

  private grow(): void {
    const { keys, values, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (used[slot]) this.values[this.find(keys[slot]!)] = values[slot]!;
    }
  }
}
