import type { Db, DatabaseLocation } from './database.js';
import { migrate } from './migrate.js';
import { openDb, type OpenOptions } from './open.js';
import { migratePostgres } from './postgres/migrate-postgres.js';
import { openPostgres } from './postgres/open-postgres.js';

/** Opens the configured database, SQLite file or PostgreSQL pool. */
export async function openDatabase(location: DatabaseLocation, options: OpenOptions & { applicationName?: string } = {}): Promise<Db> {
  if (location.kind === 'sqlite') return openDb(location.file, options);
  return openPostgres({ url: location.url, poolSize: location.poolSize, turns: options.turns, applicationName: options.applicationName, lockWaitMs: options.busyTimeoutMs });
}

/** Applies pending migrations of the database's own dialect; a failure leaves it as it was. Returns the names applied. */
export async function migrateDatabase(db: Db): Promise<string[]> {
  return db.kind === 'sqlite' ? migrate(db.sqlite) : migratePostgres(db.pool);
}

/** Opens and migrates (a no-op when current); closes again if migrating fails. */
export async function openMigratedDatabase(location: DatabaseLocation, options: OpenOptions & { applicationName?: string } = {}): Promise<Db> {
  const db = await openDatabase(location, options);
  try {
    await migrateDatabase(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
