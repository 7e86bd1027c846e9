import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { dialectOf, type Dialect } from './dialect.js';
import type { Database } from './schema.js';

// Stands in for a value while the query is compiled; never a real value (it starts with a NUL).
const SLOT = '\u0000slot:';

/**
 * A Kysely query built and compiled once, then run with new values: for the queries every request
 * of a hot page makes (session, review, screening queue and card). Building and compiling a query
 * costs more than SQLite takes to run these (profiled: a quarter of the screening page).
 *
 * Only for queries whose shape never changes with the values: `param(name)` stands in for one
 * value wherever Kysely would bind a parameter (not for IN lists of varying length). The compiled
 * text is the same for every database of one dialect, so it is kept per query and dialect (a process
 * may hold both: `coreview copy`), not per connection.
 *
 * ```ts
 * const byId = prepared((db, param: Param<{ id: number }>) => db.selectFrom('record').select('title').where('id', '=', param('id')));
 * const rows = await byId(db, { id: 12 });
 * ```
 */
export function prepared<Values extends object, Row>(
  build: (db: Kysely<Database>, param: Param<Values>) => Compilable<Row>,
): (db: Kysely<Database>, values: Values) => Promise<Row[]> {
  const compiledFor = new Map<Dialect, { query: CompiledQuery<Row>; slots: Array<keyof Values | null> }>();
  return async (db, values) => {
    const dialect = dialectOf(db);
    let compiled = compiledFor.get(dialect);
    if (compiled === undefined) {
      const query = build(db, ((name: keyof Values) => `${SLOT}${String(name)}`) as Param<Values>).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? (p.slice(SLOT.length) as keyof Values) : null));
      compiled = { query, slots };
      compiledFor.set(dialect, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((value, i) => (slots[i] === null ? value : values[slots[i]!]));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}

/** Stands in for the named value when a prepared query is built. */
export type Param<Values> = <K extends keyof Values>(name: K) => Values[K];
