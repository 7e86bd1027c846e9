import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` in the caller's transaction when `db` is one, else in a transaction of its own
 * (which takes the write lock when it begins: write-locking-dialect.ts). A service that creates
 * something opens its transaction this way, so a caller can add to it: createOnce()
 * (src/http/create-once.ts) records the form's token in the same transaction as the creation.
 *
 * ```ts
 * export const addExcerpt = (db, ctx, recordId, input) => inTransaction(db, async (trx) => { … });
 * ```
 */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
