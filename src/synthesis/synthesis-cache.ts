/**
 * The synthesis data of the reviews last looked at, kept while nothing it is made of changed. The
 * database says when it changed: triggers bump the review's `synthesis_version` counter on every
 * write to the codebook, coding, extraction, full-text inclusion, records and the review's title
 * (migration 0009), whichever process writes. Reading the data anew costs ~350 ms at 2,000 studies
 * and 20,000 excerpts; checking the counter costs one indexed read.
 */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { SynthesisData } from './synthesis-data.js';
import { loadSynthesis } from './synthesis-loader.js';

const KEPT_REVIEWS = 4;

const versionRow = prepared<{ reviewId: number }, { value: number }>((db, param) =>
  db.selectFrom('reviewCounter').select('value').where('reviewId', '=', param('reviewId')).where('name', '=', 'synthesis_version'),
);

interface Entry {
  version: number;
  data: Promise<SynthesisData>;
  /** What is worked out from the same rows (the formatted references), by name. */
  derived: Map<string, Promise<unknown>>;
}

export class SynthesisCache {
  private readonly kept = new Map<number, Entry>();

  async get(db: Kysely<Database>, review: { id: number; title: string }): Promise<SynthesisData> {
    return this.settle(review.id, (await this.entry(db, review)).data);
  }

  /** `compute()`'s result, kept with the data until the data changes (citeproc takes seconds for 2,000 references). */
  async derived<T>(db: Kysely<Database>, review: { id: number; title: string }, name: string, compute: () => Promise<T>): Promise<T> {
    const entry = await this.entry(db, review);
    let value = entry.derived.get(name) as Promise<T> | undefined;
    if (value === undefined) {
      value = compute();
      entry.derived.set(name, value);
    }
    return this.settle(review.id, value);
  }

  private async entry(db: Kysely<Database>, review: { id: number; title: string }): Promise<Entry> {
    const [row] = await versionRow(db, { reviewId: review.id });
    const version = row?.value ?? 0;
    const hit = this.kept.get(review.id);
    this.kept.delete(review.id);
    // Promises are kept, so requests arriving while the data loads share one read.
    const entry = hit && hit.version === version ? hit : { version, data: loadSynthesis(db, review), derived: new Map() };
    // Whoever awaits the data sees its failure; a request that only wanted a derived result must
    // not leave it unhandled.
    entry.data.catch(() => undefined);
    this.kept.set(review.id, entry);
    if (this.kept.size > KEPT_REVIEWS) this.kept.delete(this.kept.keys().next().value!);
    return entry;
  }

  /** A failed read is not kept: the next request tries again. */
  private async settle<T>(reviewId: number, value: Promise<T>): Promise<T> {
    try {
      return await value;
    } catch (error) {
      this.kept.delete(reviewId);
      throw error;
    }
  }
}
