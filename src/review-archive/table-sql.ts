import type SqliteDatabase from 'better-sqlite3';
import type { Sqlite } from '../db/open.js';
import type { Row, SqlValue } from './id-remap.js';
import type { TableSpec } from './review-tables.js';

/**
 * The one place review archives build SQL from names: tables and columns come from the catalogue
 * (review-tables.ts) and from this database's own schema (PRAGMA table_info), never from an archive,
 * and are checked to be plain lower-case identifiers before they are quoted.
 */

function id(name: string): string {
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
  const from = spec.parent
    ? `${id(spec.name)} c JOIN ${id(spec.parent.table)} p ON p.id = c.${id(spec.parent.column)} WHERE p.review_id = ?`
    : `${id(spec.name)} c WHERE c.review_id = ?`;
  const ids = new Set<number>();
  for (const column of columns) {
    for (const value of sqlite.prepare(`SELECT DISTINCT c.${id(column)} FROM ${from}`).pluck().all(reviewId)) {
      if (typeof value === 'number') ids.add(value);
    }
  }
  return [...ids];
}

export function maxId(sqlite: Sqlite, table: string): number {
  return sqlite.prepare(`SELECT coalesce(max(id), 0) FROM ${id(table)}`).pluck().get() as number;
}

/** An INSERT for these columns of the table, prepared once per set of columns. */
export class RowInserter {
  private readonly statements = new Map<string, SqliteDatabase.Statement>();

  constructor(private readonly sqlite: Sqlite) {}

  insert(table: string, row: Row): void {
    const columns = Object.keys(row);
    const key = `${table}(${columns.join(',')})`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.sqlite.prepare(`INSERT INTO ${id(table)} (${columns.map(id).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.statements.set(key, statement);
    }
    statement.run(...columns.map((c) => row[c] as SqlValue));
  }
}
