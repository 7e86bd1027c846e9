/**
 * A review's TF-IDF matrix, built from record_terms and kept in the ranker thread's memory between
 * rankings: building it at 50,000 records takes seconds, a training on it a fraction of one. It is
 * rebuilt when the review's features change (records added, removed or edited), which the ranker
 * learns from the features it builds itself and from the number of rows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
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

  constructor(private readonly db: Kysely<Database>) {}

  /** Called when the ranker has built or rebuilt features of the review. */
  featuresChanged(reviewId: number): void {
    this.generations.set(reviewId, (this.generations.get(reviewId) ?? 0) + 1);
  }

  async of(reviewId: number): Promise<ReviewMatrix> {
    const { n } = await this.db.selectFrom('recordTerms').select((eb) => eb.fn.countAll<number>().as('n')).where('reviewId', '=', reviewId).where('terms', 'is not', null).executeTakeFirstOrThrow();
    const key = `${n}:${this.generations.get(reviewId) ?? 0}`;
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
    const rows = await this.db.selectFrom('recordTerms').select(['recordId', 'terms']).where('reviewId', '=', reviewId).where('terms', 'is not', null).orderBy('recordId').execute();
    const recordIds = new Int32Array(rows.length);
    const docs: TermCounts[] = new Array(rows.length);
    const rowOf = new Map<number, number>();
    rows.forEach((r, i) => {
      recordIds[i] = r.recordId;
      rowOf.set(r.recordId, i);
      docs[i] = decodeTermCounts(r.terms!);
    });
    return { matrix: tfidfMatrix(docs), recordIds, rowOf };
  }
}
