/**
 * A review's TF-IDF matrix, built from record_terms and kept in the ranker thread's memory between
 * rankings: building it at 50,000 records takes seconds, a training on it a fraction of one. It is
 * rebuilt when the review's features change (records added, removed or edited), which the ranker
 * learns from the features it builds itself and from the number of rows.
 */
import type { Sqlite } from '../db/open.js';
import { decodeTermCounts, type TermCounts } from '../ranking/text-features.js';
import { tfidfMatrix, type CsrMatrix } from '../ranking/tfidf.js';

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

  // Read straight from SQLite: 50,000 rows through Kysely's result mapping cost more than the training.
  constructor(private readonly sqlite: Sqlite) {}

  /** Called when the ranker has built or rebuilt features of the review. */
  featuresChanged(reviewId: number): void {
    this.generations.set(reviewId, (this.generations.get(reviewId) ?? 0) + 1);
  }

  of(reviewId: number): ReviewMatrix {
    // Both counts from indexes alone (record_terms_review, record_terms_pending).
    const all = this.sqlite.prepare('SELECT count(*) FROM record_terms WHERE review_id = ?').pluck().get(reviewId) as number;
    const pending = this.sqlite.prepare('SELECT count(*) FROM record_terms WHERE review_id = ? AND terms IS NULL').pluck().get(reviewId) as number;
    const key = `${all}:${pending}:${this.generations.get(reviewId) ?? 0}`;
    const cached = this.cache.get(reviewId);
    if (cached?.key === key) {
      this.cache.delete(reviewId);
      this.cache.set(reviewId, cached);
      return cached.value;
    }
    this.cache.delete(reviewId);
    const value = this.build(reviewId);
    this.cache.set(reviewId, { key, value });
    while (this.cache.size > KEPT) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  private build(reviewId: number): ReviewMatrix {
    const ids: number[] = [];
    const docs: TermCounts[] = [];
    const rowOf = new Map<number, number>();
    // Iterated, so each blob is decoded and dropped rather than all held at once.
    const rows = this.sqlite.prepare('SELECT record_id, terms FROM record_terms WHERE review_id = ? AND terms IS NOT NULL ORDER BY record_id').raw().iterate(reviewId) as Iterable<[number, Uint8Array]>;
    for (const [recordId, terms] of rows) {
      rowOf.set(recordId, ids.length);
      ids.push(recordId);
      docs.push(decodeTermCounts(terms));
    }
    return { matrix: tfidfMatrix(docs), recordIds: Int32Array.from(ids), rowOf };
  }
}
