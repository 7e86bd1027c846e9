import type { Compilable } from 'kysely';
import type { Sqlite } from '../db/open.js';

/**
 * Runs a query Kysely built, synchronously on the connection: for the one transaction of a review
 * import, which must not wait on the event loop while it holds the write lock (a request on the
 * same thread would then wait on the lock, and the lock on the request).
 */
export function runCompiled<R = unknown>(sqlite: Sqlite, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile();
  const statement = sqlite.prepare(sql);
  if (statement.reader) return statement.all(...(parameters as unknown[])) as R[];
  statement.run(...(parameters as unknown[]));
  return [];
}
