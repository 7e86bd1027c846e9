import { PostgresAdapter, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Which SQL the connection speaks, for the one module per concern that writes dialect-specific SQL
 * (search, JSON, upserts, locking). Features never ask: they call those modules.
 */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
