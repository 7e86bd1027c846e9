import type SqliteDatabase from 'better-sqlite3';
import type { Sqlite } from '../db/open.js';
import type { RawQuery } from './archive-query.js';
import type { Row, SqlValue } from './id-remap.js';
import type { TableSpec } from './review-tables.js';

/**
 * The one place review archives build SQL from names: tables and columns come from the catalogue
 * (review-tables.ts) and from this database's own schema (PRAGMA table_info), never from an archive,
 * and are checked to be plain lower-case identifiers before they are quoted.
 */

export function id(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

/** Tables of the schema, without the shadow tables virtual tables make for themselves (their names quoted). */
export function schemaTables(sqlite: Sqlite): string[] {
  return sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE TABLE ''%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function columnsOf(sqlite: Sqlite, table: string): string[] {
  return (sqlite.prepare(`PRAGMA table_info(${id(table)})`).all() as Array<{ name: string }>).map((c) => c.name);
}

export function foreignKeysOf(sqlite: Sqlite, table: string): Array<{ from: string; table: string }> {
  return sqlite.prepare(`PRAGMA foreign_key_list(${id(table)})`).all() as Array<{ from: string; table: string }>;
}

/** A review's rows of one table, oldest first, read one at a time. */
export function reviewRows(sqlite: Sqlite, spec: TableSpec, reviewId: number): IterableIterator<Row> {
  const statement = spec.parent
    ? sqlite.prepare(`SELECT c.* FROM ${id(spec.name)} c JOIN ${id(spec.parent.table)} p ON p.id = c.${id(spec.parent.column)} WHERE p.review_id = ? ORDER BY c.rowid`)
    : sqlite.prepare(`SELECT * FROM ${id(spec.name)} WHERE review_id = ? ORDER BY rowid`);
  return statement.iterate(reviewId) as IterableIterator<Row>;
}

/** Every person a review's rows name in `columns` of `table`. */
export function accountIdsIn(sqlite: Sqlite, spec: TableSpec, columns: readonly string[], reviewId: number): number[] {
  const ids = new Set<number>();
  for (const query of accountIdQueries(spec, columns, reviewId)) {
    for (const value of sqlite.prepare(query.sql).pluck().all(...query.parameters)) {
      if (typeof value === 'number') ids.add(value);
    }
  }
  return [...ids];
}

/** The queries of accountIdsIn, one per column (each row: `{ id }`), in SQL both databases read alike. */
export function accountIdQueries(spec: TableSpec, columns: readonly string[], reviewId: number): RawQuery[] {
  const from = spec.parent
    ? `${id(spec.name)} c JOIN ${id(spec.parent.table)} p ON p.id = c.${id(spec.parent.column)} WHERE p.review_id = ?`
    : `${id(spec.name)} c WHERE c.review_id = ?`;
  return columns.map((column) => ({ sql: `SELECT DISTINCT c.${id(column)} AS id FROM ${from}`, parameters: [reviewId] }));
}

export function maxId(sqlite: Sqlite, table: string): number {
  return sqlite.prepare(maxIdQuery(table).sql).pluck().get() as number;
}

/** A table's highest id, 0 when empty (the row: `{ id }`), in SQL both databases read alike. */
export function maxIdQuery(table: string): RawQuery {
  return { sql: `SELECT coalesce(max(id), 0) AS id FROM ${id(table)}`, parameters: [] };
}

/**
 * A database beside the main one, on the same connection, where an import's rows wait (mapped and
 * checked) before one short transaction copies them in. Its tables have the main tables' columns.
 */
export function attachStage(sqlite: Sqlite, file: string, tables: readonly string[]): void {
  sqlite.prepare('ATTACH DATABASE ? AS stage').run(file);
  // Scratch data, rebuilt if lost: no journal, no waiting for the disk.
  sqlite.exec('PRAGMA stage.journal_mode = OFF; PRAGMA stage.synchronous = OFF');
  for (const table of tables) sqlite.exec(`CREATE TABLE stage.${id(table)} AS SELECT * FROM main.${id(table)} WHERE 0`);
}

export function detachStage(sqlite: Sqlite): void {
  if ((sqlite.prepare('PRAGMA database_list').all() as Array<{ name: string }>).some((d) => d.name === 'stage')) sqlite.exec('DETACH DATABASE stage');
}

/** Copies a staged table's rows into the main one, in the order they were staged. */
export function copyStaged(sqlite: Sqlite, table: string, columns: readonly string[]): void {
  if (columns.length === 0) return;
  sqlite.exec(copyStagedQuery(table, columns).sql);
}

export function copyStagedQuery(table: string, columns: readonly string[]): RawQuery {
  const list = columns.map(id).join(', ');
  return { sql: `INSERT INTO main.${id(table)} (${list}) SELECT ${list} FROM stage.${id(table)} ORDER BY rowid`, parameters: [] };
}

/** Writes rows into the stage's tables, one INSERT prepared per table and set of columns. */
export class StageWriter {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();
  /** The columns each table's rows had: only those are copied, so the others take their defaults. */
  readonly columns = new Map<string, Set<string>>();

  constructor(private readonly sqlite: Sqlite) {}

  insert(table: string, row: Row): void {
    const columns = Object.keys(row);
    const key = `${table}(${columns.join(',')})`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(`INSERT INTO stage.${id(table)} (${columns.map(id).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.statements.set(key, statement);
      const seen = this.columns.get(table) ?? new Set<string>();
      for (const column of columns) seen.add(column);
      this.columns.set(table, seen);
    }
    statement.run(...columns.map((c) => row[c] as SqlValue));
  }
}
