/**
 * THE PLACE FOR SQL THAT THE TWO DIALECTS WRITE DIFFERENTLY AROUND JSON AND LISTS: many ids bound as
 * one parameter, JSON fields read inside a query, rows gathered into JSON or text. SQLite does these
 * with json_each/json_extract/json_group_object/group_concat, PostgreSQL with arrays and its json
 * functions. Values always travel as bound parameters; column expressions come from the caller's
 * own `sql` fragments (constants in the code, never user input).
 */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf, type Dialect } from './dialect.js';

/** A connection, or its dialect where only an expression builder is at hand. */
type AnyDb = Kysely<any> | Dialect;

const isPostgres = (db: AnyDb) => (typeof db === 'string' ? db : dialectOf(db)) === 'postgres';

/**
 * `ids` as a subquery for `where(column, 'in', …)`: one parameter, so one statement text for any
 * number of ids (SQLite's limit on parameters is never met, and prepared statements are reused).
 */
export function idsIn(db: AnyDb, ids: readonly number[]): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`(select unnest(cast(${[...ids]} as bigint[])))`
    : sql<number>`(select value from json_each(${JSON.stringify(ids)}))`;
}

/** Pairs of numbers as a derived table with columns `first` and `second`, bound as one or two parameters. */
export function numberPairs(db: AnyDb, pairs: ReadonlyArray<readonly [number, number]>): RawBuilder<{ first: number; second: number }> {
  if (isPostgres(db)) {
    return sql`(select * from unnest(cast(${pairs.map((p) => p[0])} as bigint[]), cast(${pairs.map((p) => p[1])} as bigint[])) as pairs(first, second))`;
  }
  return sql`(select value ->> 0 as first, value ->> 1 as second from json_each(${JSON.stringify(pairs)}))`;
}

/** The scalar at `key` of the JSON text in `column` (a string, number or null), as SQLite's json_extract gives it. */
export function jsonScalar<T>(db: AnyDb, column: Expression<unknown>, key: string): RawBuilder<T> {
  return isPostgres(db) ? sql<T>`(cast(${column} as jsonb) -> ${key})` : sql<T>`json_extract(${column}, ${`$."${key}"`})`;
}

/**
 * The whole number at `key` of the JSON text in `column`, for comparing with an id; null when it is
 * not a number (PostgreSQL may evaluate this on rows another condition would have ruled out).
 */
export function jsonInteger(db: AnyDb, column: Expression<unknown>, key: string): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`(case when jsonb_typeof(cast(${column} as jsonb) -> ${key}) = 'number' then cast(cast(${column} as jsonb) ->> ${key} as numeric) end)`
    : sql<number>`json_extract(${column}, ${`$."${key}"`})`;
}

/** Whether the JSON array of objects in `column` has one whose `key` is the number `value`. */
export function jsonArrayHasObjectWith(db: AnyDb, column: Expression<unknown>, key: string, value: number): RawBuilder<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`(cast(${column} as jsonb) @> jsonb_build_array(jsonb_build_object(cast(${key} as text), cast(${value} as bigint))))`
    : sql<SqlBool>`exists (select 1 from json_each(${column}) as element where json_extract(element.value, ${`$."${key}"`}) = ${value})`;
}

/** Whether the JSON array of strings in `column` holds `text`, ignoring the case of ASCII letters (as labels are compared). */
export function jsonArrayHasText(db: AnyDb, column: Expression<unknown>, text: string): RawBuilder<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`exists (select 1 from json_array_elements_text(cast(${column} as json)) as element(value) where lower(element.value) = lower(${text}))`
    : sql<SqlBool>`exists (select 1 from json_each(${column}) as element where element.value = ${text} collate nocase)`;
}

/** Aggregate: the group's `key` → [values…] as JSON text, e.g. {"12": ["…", 3, "2026-…"]}. */
export function jsonObjectOfArrays(db: AnyDb, key: Expression<unknown>, values: ReadonlyArray<Expression<unknown>>): RawBuilder<string> {
  const list = sql.join(values);
  return isPostgres(db) ? sql<string>`cast(json_object_agg(${key}, json_build_array(${list})) as text)` : sql<string>`json_group_object(${key}, json_array(${list}))`;
}

/** Aggregate: the group's numbers as text separated by commas (in no particular order). */
export function commaSeparated(db: AnyDb, value: Expression<unknown>): RawBuilder<string | null> {
  return isPostgres(db) ? sql<string | null>`string_agg(cast(${value} as text), ',')` : sql<string | null>`group_concat(${value})`;
}
