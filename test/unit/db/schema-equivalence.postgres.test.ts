import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { migratePostgres } from '../../../src/db/postgres/migrate-postgres.js';
import { databaseEnvFor, dropDatabaseFor } from '../../support/test-database.js';

// Runs in the PostgreSQL run only (*.postgres.test.ts): it compares a migrated PostgreSQL database with a migrated SQLite one.

type Table = { columns: Array<{ name: string; notNull: boolean }>; indexes: string[] };

// SQLite's search index (FTS5 and its shadow tables) has its PostgreSQL counterpart in the search section of the baseline.
const SQLITE_SEARCH_TABLES = /^record_fts/;

function sqliteSchema(): { version: number; tables: Map<string, Table> } {
  const db = new SqliteDatabase(':memory:');
  migrate(db);
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).filter((n) => !SQLITE_SEARCH_TABLES.test(n));
  const tables = new Map<string, Table>();
  for (const name of names) {
    const columns = (db.prepare(`SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as Array<{ name: string; not_null: number; pk: number }>)
      // SQLite lets an INTEGER PRIMARY KEY be written NULL (it picks the id); a PostgreSQL key is always NOT NULL.
      .map((c) => ({ name: c.name, notNull: c.not_null === 1 || c.pk > 0 }));
    const indexes = (db.prepare("SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name").pluck().all(name) as string[]);
    tables.set(name, { columns, indexes });
  }
  const version = db.prepare('SELECT max(version) FROM schema_migration').pluck().get() as number;
  db.close();
  return { version, tables };
}

async function postgresSchema(pool: pg.Pool, names: readonly string[]): Promise<{ version: number; tables: Map<string, Table> }> {
  const tables = new Map<string, Table>();
  for (const name of names) {
    const columns = await pool.query<{ name: string; nullable: string }>('select column_name as name, is_nullable as nullable from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position', [name]);
    const indexes = await pool.query<{ name: string }>(
      "select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid where t.relname = $1 and not x.indisprimary and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) order by 1",
      [name],
    );
    tables.set(name, { columns: columns.rows.map((c) => ({ name: c.name, notNull: c.nullable === 'NO' })), indexes: indexes.rows.map((r) => r.name) });
  }
  const version = (await pool.query<{ version: number }>('select max(version) as version from schema_migration')).rows[0]!.version;
  return { version: Number(version), tables };
}

describe('the PostgreSQL schema', () => {
  const dataDir = `schema-equivalence-${process.pid}`;
  let pool: pg.Pool;

  beforeAll(async () => {
    const env = await databaseEnvFor(dataDir);
    pool = new pg.Pool({ connectionString: env.COREVIEW_DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await dropDatabaseFor(dataDir);
  });

  it('reaches the same version as SQLite, with the same tables, columns in order, nullability and named indexes', async () => {
    const expected = sqliteSchema();
    const existing = await pool.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1");
    const postgresTables = existing.rows.map((r) => r.name);
    for (const name of expected.tables.keys()) expect(postgresTables, `table ${name}`).toContain(name);
    const actual = await postgresSchema(pool, [...expected.tables.keys()]);
    expect(actual.version).toBe(expected.version);
    for (const [name, table] of expected.tables) expect(actual.tables.get(name), `table ${name}`).toEqual(table);
  });

  it('is applied once when migrations run again, as on every start', async () => {
    expect(await migratePostgres(pool)).toEqual([]);
  });
});
