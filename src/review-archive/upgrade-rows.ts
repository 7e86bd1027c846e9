import type { Sqlite } from '../db/open.js';
import { listMigrations } from '../db/migrate.js';

/**
 * Migrations that change what rows mean, not the tables: an archive made before one of them holds
 * rows this Coreview would read wrongly (0013: "Not retrievable" decisions that PRISMA would count as
 * reports excluded, not as not retrieved). Each is written to run again harmlessly on a database it
 * has already upgraded, so it is simply run once more over the rows just imported.
 */
const DATA_MIGRATIONS = new Set([13]);

/** Runs, in the import's transaction, the data migrations newer than the archive's schema. */
export function upgradeArchivedRows(sqlite: Sqlite, archiveSchema: number): void {
  for (const migration of listMigrations()) {
    if (DATA_MIGRATIONS.has(migration.version) && migration.version > archiveSchema) sqlite.exec(migration.sql);
  }
}
