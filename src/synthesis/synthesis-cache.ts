/**
 * The synthesis data of the reviews last looked at, kept while nothing it is made of changed. The
 * database says when it changed: triggers bump the review's `synthesis_version` counter on every
 * write to the codebook, coding, extraction, full-text inclusion, records and the review's title
 * (migration 0009 and later), whichever process writes; a second counter moves with the coding
 * writes alone (migration 0022), so a coding change re-reads only the coding. Reading the data anew
 * costs ~200 ms at 2,000 studies and 20,000 excerpts, the coding alone ~110 ms; checking the
 * counters costs one indexed read.
 */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { SynthesisData } from './synthesis-data.js';
import { loadSynthesis, withFreshCoding } from './synthesis-loader.js';

const KEPT_REVIEWS = 4;

const versionRows = prepared<{ reviewId: number }, { name: string; value: number }>((db, param) =>
  db.selectFrom('reviewCounter').select(['name', 'value']).where('reviewId', '=', param('reviewId')).where('name', 'in', ['synthesis_version', 'synthesis_coding_version']),
);

interface Entry {
  version: number;
  /** Moves with the coding writes only (migration 0022). */
  codingVersion: number;
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
    const rows = await versionRows(db, { reviewId: review.id });
    const version = rows.find((r) => r.name === 'synthesis_version')?.value ?? 0;
    const codingVersion = rows.find((r) => r.name === 'synthesis_coding_version')?.value ?? 0;
    const hit = this.kept.get(review.id);
    this.kept.delete(review.id);
    // Promises are kept, so requests arriving while the data loads share one read.
    const entry = hit && hit.version === version ? hit : { version, codingVersion, data: this.load(db, review, hit, version, codingVersion), derived: new Map() };
    // Whoever awaits the data sees its failure; a request that only wanted a derived result must
    // not leave it unhandled.
    entry.data.catch(() => undefined);
    this.kept.set(review.id, entry);
    if (this.kept.size > KEPT_REVIEWS) this.kept.delete(this.kept.keys().next().value!);
    return entry;
  }

  /**
   * The data anew: when every change since `hit` was a coding write (both counters moved alike),
   * only the coding is read again (~half of a full read at 2,000 studies); else all of it.
   */
  private load(db: Kysely<Database>, review: { id: number; title: string }, hit: Entry | undefined, version: number, codingVersion: number): Promise<SynthesisData> {
    const codingOnly = hit !== undefined && codingVersion > hit.codingVersion && version - hit.version === codingVersion - hit.codingVersion;
    return codingOnly ? hit.data.then((data) => withFreshCoding(db, review.id, data)) : loadSynthesis(db, review);
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
