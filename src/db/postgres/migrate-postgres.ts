import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';
import { listMigrations, MigrationError } from '../migrate.js';

export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/postgres/', import.meta.url));

// Held while migrating, so that two Coreview processes starting at once migrate one after the other.
const MIGRATION_LOCK = 'select pg_advisory_xact_lock(17238, 2)';

/**
 * Applies every pending PostgreSQL migration in one transaction (PostgreSQL's DDL is transactional):
 * all of them land or the database is left exactly as it was. Returns the names applied.
 *
 * A new PostgreSQL database starts at the baseline (0024: the schema SQLite reaches through
 * migrations 0001–0024); every later migration comes as a pair, one file per dialect, with the
 * same number (test/unit/db/migration-pairs.test.ts and schema-equivalence.postgres.test.ts check they stay in step).
 */
export async function migratePostgres(pool: Pool, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const migrations = listMigrations(dir);
  const client = await pool.connect();
  let current = '';
  try {
    await client.query('begin');
    // A process starting beside one that migrates waits for it however long that takes.
    await client.query('set local lock_timeout = 0');
    await client.query(MIGRATION_LOCK);
    await client.query('create table if not exists schema_migration (version bigint primary key, name text not null, applied_at text not null)');
    const applied = new Set((await client.query<{ version: number }>('select version from schema_migration')).rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new MigrationError(`The database is at schema version ${newest}, newer than this Coreview knows (${known}). Upgrade Coreview or restore a backup.`);
    }
    // The baseline stands for every version up to its own; only what comes after it is pending.
    const pending = migrations.filter((m) => !applied.has(m.version) && m.version > newest);
    for (const migration of pending) {
      current = migration.name;
      await client.query(migration.sql);
      await client.query('insert into schema_migration (version, name, applied_at) values ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
    }
    await client.query('commit');
    return pending.map((m) => m.name);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`Migration ${current} failed, so no migration was applied and the database is unchanged: ${(error as Error).message}`);
  } finally {
    client.release();
  }
}
