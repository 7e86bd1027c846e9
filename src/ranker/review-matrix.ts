/**
 * A review's TF-IDF matrix, built from record_terms and kept in the ranker thread's memory between
 * rankings: building it at 50,000 records takes seconds, a training on it a fraction of one. It is
 * rebuilt when the review's features change (records added, removed or edited), which the ranker
 * learns from the features it builds itself and from the number of rows.
 */
import { decodeTermCounts, type TermCounts } from '../ranking/text-features.js';
import { tfidfMatrix, type CsrMatrix } from '../ranking/tfidf.js';
import type { RankerReads } from './ranker-reads.js';

export interface ReviewMatrix {
  matrix: CsrMatrix;
  /** The record of each row, ascending. */
  recordIds: Int32Array;
  rowOf: Map<number, number>;
}

interface Cached {
  key: string;
  value: ReviewMatrix;
}

/** Matrices of the reviews ranked most recently; a few, since each can hold 100 MB at 50,000 records. */
const KEPT = 2;

export class ReviewMatrices {
  private readonly cache = new Map<number, Cached>();
  private readonly generations = new Map<number, number>();

  constructor(private readonly reads: RankerReads) {}

  /** Called when the ranker has built or rebuilt features of the review. */
  featuresChanged(reviewId: number): void {
    this.generations.set(reviewId, (this.generations.get(reviewId) ?? 0) + 1);
  }

  async of(reviewId: number): Promise<ReviewMatrix> {
    const { all, pending } = await this.reads.termsCounts(reviewId);
    const key = `${all}:${pending}:${this.generations.get(reviewId) ?? 0}`;
    const cached = this.cache.get(reviewId);
    if (cached?.key === key) {
      this.cache.delete(reviewId);
      this.cache.set(reviewId, cached);
      return cached.value;
    }
    this.cache.delete(reviewId);
    const value = await this.build(reviewId);
    this.cache.set(reviewId, { key, value });
    while (this.cache.size > KEPT) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  private async build(reviewId: number): Promise<ReviewMatrix> {
    const ids: number[] = [];
    const docs: TermCounts[] = [];
    const rowOf = new Map<number, number>();
    // Each blob is decoded and dropped as it comes rather than all held at once.
    await this.reads.eachTerms(reviewId, (recordId, terms) => {
      rowOf.set(recordId, ids.length);
      ids.push(recordId);
      docs.push(decodeTermCounts(terms));
    });
    return { matrix: tfidfMatrix(docs), recordIds: Int32Array.from(ids), rowOf };
  }
}
