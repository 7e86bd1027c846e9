import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/db/migrate.js';
import { migratePostgres } from '../../../src/db/postgres/migrate-postgres.js';
import { databaseEnvFor, dropDatabaseFor } from '../../support/test-database.js';

// Runs in the PostgreSQL run only (*.postgres.test.ts): it compares a migrated PostgreSQL database with a migrated SQLite one.

type Table = {
  columns: Array<{ name: string; notNull: boolean }>;
  indexes: string[];
  /** Column lists of UNIQUE constraints, sorted. */
  unique: string[];
  /** Foreign keys as "columns -> table(columns) on delete ACTION", sorted. */
  foreignKeys: string[];
  checks: number;
  triggers: string[];
};

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

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
    const unique = (db.prepare("SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY name)) FROM pragma_index_list(?) l WHERE l.origin = 'u'").pluck().all(name) as string[]).sort();
    const keys = db.prepare('SELECT id, "from" AS source, "table" AS target, "to" AS targetColumn, on_delete AS onDelete FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as Array<{ id: number; source: string; target: string; targetColumn: string | null; onDelete: string }>;
    const byId = new Map<number, typeof keys>();
    for (const key of keys) byId.set(key.id, [...(byId.get(key.id) ?? []), key]);
    const foreignKeys = [...byId.values()].map((k) => `${k.map((c) => c.source).join(',')} -> ${k[0]!.target}(${k.map((c) => c.targetColumn ?? 'id').join(',')}) on delete ${k[0]!.onDelete}`).sort();
    const definition = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as string;
    const checks = definition.match(/\bcheck\s*\(/gi)?.length ?? 0;
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name NOT LIKE 'record_fts%' ORDER BY name").pluck().all(name) as string[]);
    tables.set(name, { columns, indexes, unique, foreignKeys, checks, triggers });
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
    const unique = await pool.query<{ columns: string }>(
      "select (select string_agg(a.attname, ',' order by a.attname) from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any(c.conkey)) as columns from pg_constraint c join pg_class t on t.oid = c.conrelid where t.relname = $1 and c.contype = 'u'",
      [name],
    );
    const keys = await pool.query<{ source: string; target: string; targetColumns: string; onDelete: string }>(
      `select (select string_agg(a.attname, ',' order by k.i) from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n) as source,
              r.relname as target,
              (select string_agg(a.attname, ',' order by k.i) from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n) as "targetColumns",
              c.confdeltype as "onDelete"
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class r on r.oid = c.confrelid where t.relname = $1 and c.contype = 'f'`,
      [name],
    );
    const checks = await pool.query<{ n: number }>("select count(*) as n from pg_constraint c join pg_class t on t.oid = c.conrelid where t.relname = $1 and c.contype = 'c'", [name]);
    const triggers = await pool.query<{ name: string }>("select tgname as name from pg_trigger g join pg_class t on t.oid = g.tgrelid where t.relname = $1 and not g.tgisinternal and tgname not like 'record_search%' order by 1", [name]);
    tables.set(name, {
      columns: columns.rows.map((c) => ({ name: c.name, notNull: c.nullable === 'NO' })),
      indexes: indexes.rows.map((r) => r.name),
      unique: unique.rows.map((r) => r.columns).sort(),
      foreignKeys: keys.rows.map((k) => `${k.source} -> ${k.target}(${k.targetColumns}) on delete ${ON_DELETE[k.onDelete]}`).sort(),
      checks: Number(checks.rows[0]!.n),
      triggers: triggers.rows.map((r) => r.name),
    });
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

  it('reaches the same version as SQLite, with the same tables, columns in order, nullability, indexes, unique and foreign keys, checks and triggers', async () => {
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
