import { listMigrations } from '../db/migrate.js';
import type { Sqlite } from '../db/open.js';

/** The newest migration applied to a database: what an archive made from it records. */
export function schemaVersionOf(sqlite: Sqlite): number {
  return sqlite.prepare('SELECT coalesce(max(version), 0) FROM schema_migration').pluck().get() as number;
}

/** The newest schema this Coreview knows: it reads no archive made from a newer one. */
export function newestKnownSchema(): number {
  return Math.max(0, ...listMigrations().map((m) => m.version));
}
