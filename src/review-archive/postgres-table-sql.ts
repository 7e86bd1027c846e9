import type { RawQuery } from './archive-query.js';
import type { TableSpec } from './review-tables.js';
import { id } from './table-sql.js';

/**
 * SQL that review archives write for PostgreSQL alone, from names (table-sql.ts's rules: names come
 * from the catalogue and this database's own schema, checked by `id`). Parameters are `?`.
 */

/** Where a table's rows wait in this session: a temporary table beside, never shadowing, the real one. */
const stageOf = (table: string) => id(`archive_stage_${table}`);
/** The order rows were staged in. */
const STAGE_ORDER = id('archive_stage_order');

/** A review's rows of one table after `after` (an id, or a row's place: ctid), a part at a time. */
export function reviewRowsPart(spec: TableSpec, reviewId: number, after: string | number | null, limit: number): RawQuery {
  // Rows with an id come oldest first, as SQLite's rowid gives them; the others in their place on disk.
  const key = spec.ownId ? 'c.id' : 'c.ctid';
  const where = after === null ? '' : ` AND ${key} > ?${spec.ownId ? '' : '::tid'}`;
  const from = spec.parent
    ? `${id(spec.name)} c JOIN ${id(spec.parent.table)} p ON p.id = c.${id(spec.parent.column)} WHERE p.review_id = ?`
    : `${id(spec.name)} c WHERE c.review_id = ?`;
  return {
    sql: `SELECT ${key}::text AS ${STAGE_ORDER}, c.* FROM ${from}${where} ORDER BY ${key} LIMIT ${Math.trunc(limit)}`,
    parameters: after === null ? [reviewId] : [reviewId, after],
  };
}

/** The column reviewRowsPart adds to say where the next part starts. */
export const PART_KEY = 'archive_stage_order';

export function createStage(table: string): RawQuery {
  return {
    sql: `CREATE TEMPORARY TABLE ${stageOf(table)} AS SELECT * FROM public.${id(table)} WITH NO DATA; ALTER TABLE ${stageOf(table)} ADD COLUMN ${STAGE_ORDER} bigint GENERATED ALWAYS AS IDENTITY`,
    parameters: [],
    script: true,
  };
}

export function dropStage(table: string): RawQuery {
  return { sql: `DROP TABLE IF EXISTS ${stageOf(table)}`, parameters: [] };
}

/** One INSERT of `rows` rows with these columns into a table's stage. */
export function stageInsert(table: string, columns: readonly string[], rows: number): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${stageOf(table)} (${columns.map(id).join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/** One INSERT per table, so rows that point at later rows of the same table pass its foreign-key check. */
export function copyStagedPostgres(table: string, columns: readonly string[]): RawQuery {
  const list = columns.map(id).join(', ');
  return { sql: `INSERT INTO public.${id(table)} (${list}) SELECT ${list} FROM ${stageOf(table)} ORDER BY ${STAGE_ORDER}`, parameters: [] };
}

/** Moves a table's identity sequence past the ids given by hand, so the next row the app adds gets a free one. */
export function moveSequencePast(table: string): RawQuery {
  return { sql: `SELECT setval(pg_get_serial_sequence('public.${id(table).slice(1, -1)}', 'id'), max(id)) FROM public.${id(table)}`, parameters: [] };
}

/** The tables of the schema (what review-tables.ts must account for). */
export const POSTGRES_TABLES: RawQuery = {
  sql: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  parameters: [],
};
