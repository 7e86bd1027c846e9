/**
 * Each record's hashed words and word pairs, kept in record_terms so that a relevance ranking never
 * tokenises a review's abstracts again: a trigger adds a pending row (terms NULL) for every new
 * record and empties it when a title or abstract is edited (migration 0023); the ranker thread fills
 * pending rows here, a chunk per transaction, in record order.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { documentText, encodeTermCounts, termCounts } from '../ranking/text-features.js';

/** A review with records whose features are still to be built, or null. */
export async function reviewWithPendingFeatures(db: Kysely<Database>): Promise<number | null> {
  const row = await db.selectFrom('recordTerms').select('reviewId').where('terms', 'is', null).limit(1).executeTakeFirst();
  return row?.reviewId ?? null;
}

/** Whether a review still has records without features. */
export async function hasPendingFeatures(db: Kysely<Database>, reviewId: number): Promise<boolean> {
  const row = await db.selectFrom('recordTerms').select('recordId').where('reviewId', '=', reviewId).where('terms', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Builds the features of up to `limit` pending records of a review and stores them; returns how many.
 * Tokenising happens before the write transaction, which only stores the blobs: a record edited
 * meanwhile is caught by comparing its text again inside it (and stays pending otherwise).
 */
export async function buildPendingFeatures(db: Kysely<Database>, reviewId: number, limit: number): Promise<number> {
  const pending = await db
    .selectFrom('recordTerms as t')
    .innerJoin('record as r', 'r.id', 't.recordId')
    .select(['r.id', 'r.title', 'r.abstract'])
    .where('t.reviewId', '=', reviewId)
    .where('t.terms', 'is', null)
    .orderBy('t.recordId')
    .limit(limit)
    .execute();
  if (pending.length === 0) return 0;
  const built = pending.map((r) => ({ ...r, terms: encodeTermCounts(termCounts(documentText(r.title, r.abstract))) }));
  await db.transaction().execute((trx) => (dialectOf(trx) === 'postgres' ? storeAtOnce(trx, built) : storeEach(trx, built)));
  return pending.length;
}

interface Built {
  id: number;
  title: string;
  abstract: string;
  terms: Uint8Array;
}

/** SQLite: a statement per record costs microseconds in process. */
async function storeEach(trx: Kysely<Database>, built: Built[]): Promise<void> {
  for (const r of built) {
    await trx
      .updateTable('recordTerms')
      .set({ terms: r.terms })
      .where('recordId', '=', r.id)
      .where('terms', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('record').select('id').where('id', '=', r.id).where('title', '=', r.title).where('abstract', '=', r.abstract)))
      .execute();
  }
}

/** PostgreSQL: one statement for the chunk, since each is a round trip to the server (10,000 records took 5 s one by one). */
async function storeAtOnce(trx: Kysely<Database>, built: Built[]): Promise<void> {
  await sql`
    update record_terms as t set terms = b.terms
    from unnest(cast(${built.map((r) => r.id)} as bigint[]), cast(${built.map((r) => r.terms)} as bytea[]), cast(${built.map((r) => r.title)} as text[]), cast(${built.map((r) => r.abstract)} as text[])) as b(id, terms, title, abstract)
    join record as r on r.id = b.id and r.title = b.title and r.abstract = b.abstract
    where t.record_id = b.id and t.terms is null`.execute(trx);
}
