/**
 * The one place the copy builds SQL from names. Tables and columns come from the source's own
 * schema (PRAGMA table_info) and the target's catalogue, never from data, and are checked to be plain
 * lower-case identifiers before they are quoted (the same quoting both dialects read).
 */

export function quoted(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}

export const selectColumns = (table: string, columns: readonly string[]) => `SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}`;

/** One INSERT of `rows` rows: PostgreSQL's numbered placeholders, row after row. */
export function insertRows(table: string, columns: readonly string[], rows: number): string {
  const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
  return `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES ${tuples.join(', ')}`;
}

export const hasRows = (table: string) => `SELECT EXISTS (SELECT 1 FROM ${quoted(table)}) AS any`;

export const deleteAll = (table: string) => `DELETE FROM ${quoted(table)}`;

/** Moves an identity past the ids the copy gave explicitly, so the next row the app adds gets a new one. */
export const moveIdentity = (table: string, column: string) =>
  `SELECT setval(pg_get_serial_sequence('${quoted(table)}', '${column}'), m) FROM (SELECT max(${quoted(column)}) AS m FROM ${quoted(table)}) s WHERE m IS NOT NULL`;

export const countRows = (table: string) => `SELECT count(*) AS n FROM ${quoted(table)}`;
