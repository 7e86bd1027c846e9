import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sqlite } from './open.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export class MigrationError extends Error {}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/**
 * Applies every pending migration in one transaction: either all of them land or the file is left
 * exactly as it was. Returns the names applied.
 */
export function migrate(sqlite: Sqlite, dir = MIGRATIONS_DIR): string[] {
  const migrations = listMigrations(dir);
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (sqlite.prepare('SELECT version FROM schema_migration').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new MigrationError(
      `The database is at schema version ${newest}, newer than this Coreview knows (${known}). Upgrade Coreview or restore a backup.`,
    );
  }
  const pending = migrations.filter((m) => !applied.has(m.version));
  const record = sqlite.prepare('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)');
  let current = '';
  try {
    sqlite.transaction(() => {
      for (const migration of pending) {
        current = migration.name;
        sqlite.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      }
    }).immediate();
  } catch (error) {
    throw new MigrationError(
      `Migration ${current} failed, so no migration was applied and the database is unchanged: ${(error as Error).message}`,
    );
  }
  return pending.map((m) => m.name);
}
