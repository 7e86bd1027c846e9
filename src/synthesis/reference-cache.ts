/**
 * The formatted references of the included studies, kept while the records they are made of stand
 * still. The synthesis cache (synthesis-cache.ts) starts afresh on every change to coding, but
 * references only change with the citing records: keyed by those records' ids and their latest
 * edit, they survive coding. citeproc takes seconds for 2,000 references (in a worker thread:
 * src/exports/bibliography.ts), so the synthesis page starts formatting them in the background when
 * they are stale, and a download that needs them waits for that one run instead of starting its own.
 */
import { idsIn } from '../db/json-sql.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { FormattedReference } from '../exports/reference-runs.js';

const KEPT_REVIEWS = 4;

interface Entry {
  key: string;
  value: Promise<FormattedReference[]>;
}

export class ReferenceCache {
  private readonly kept = new Map<number, Entry>();

  /** The references for `citingIds` (each study's citing report), formatted by `format` unless kept. */
  async get(db: Kysely<Database>, reviewId: number, citingIds: readonly number[], format: () => Promise<FormattedReference[]>): Promise<FormattedReference[]> {
    const key = await this.keyOf(db, reviewId, citingIds);
    let entry = this.kept.get(reviewId);
    if (!entry || entry.key !== key) {
      entry = { key, value: format() };
      this.kept.delete(reviewId);
      this.kept.set(reviewId, entry);
      if (this.kept.size > KEPT_REVIEWS) this.kept.delete(this.kept.keys().next().value!);
    }
    try {
      return await entry.value;
    } catch (error) {
      // A failed run is not kept: the next request tries again.
      if (this.kept.get(reviewId) === entry) this.kept.delete(reviewId);
      throw error;
    }
  }

  /** Starts formatting in the background when the kept references are stale; errors wait for a download to report them. */
  warm(db: Kysely<Database>, reviewId: number, citingIds: readonly number[], format: () => Promise<FormattedReference[]>): void {
    this.get(db, reviewId, citingIds, format).catch(() => undefined);
  }

  /** Which records, and when the latest of them was last changed (an edit, a merge filling a field). */
  private async keyOf(db: Kysely<Database>, reviewId: number, citingIds: readonly number[]): Promise<string> {
    const ids = [...citingIds].sort((a, b) => a - b);
    const row = await db
      .selectFrom('record')
      .select((eb) => eb.fn.max('updatedAt').as('latest'))
      .where('reviewId', '=', reviewId)
      .where('id', 'in', idsIn(db, ids))
      .executeTakeFirst();
    return `${ids.join(',')}@${row?.latest ?? ''}`;
  }
}
