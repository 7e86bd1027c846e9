import { listMigrations } from '../db/migrate.js';
import type { Query } from './archive-query.js';

/**
 * Migrations that change what rows mean, not the tables: an archive made before one of them holds
 * rows this Coreview would read wrongly (0013: "Not retrievable" decisions that PRISMA would count as
 * reports excluded, not as not retrieved). Each is written to run again harmlessly on a database it
 * has already upgraded, so it is simply run once more over the rows just imported (on PostgreSQL,
 * in its words: upgrade-rows-postgres.ts).
 */
export const DATA_MIGRATIONS: ReadonlySet<number> = new Set([13]);

/** The data migrations newer than the archive's schema, for the import's transaction (SQLite). */
export function upgradeQueries(archiveSchema: number): Query[] {
  return listMigrations()
    .filter((migration) => DATA_MIGRATIONS.has(migration.version) && migration.version > archiveSchema)
    .map((migration) => ({ sql: migration.sql, parameters: [], script: true }));
}
