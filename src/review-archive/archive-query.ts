import type { Row } from './id-remap.js';

/**
 * Review archives speak to either database through steps: a generator yields each query (built by
 * Kysely, or SQL from table-sql.ts) and receives its rows. The SQLite store runs the steps
 * synchronously — an import's transaction must not wait on the event loop while it holds the write
 * lock — and the PostgreSQL store awaits each one; the steps themselves are written once.
 */
export type Query = { compile(): { readonly sql: string; readonly parameters: readonly unknown[] } } | RawQuery;

/** SQL written by hand (table-sql.ts), with `?` for each parameter whatever the database. */
export interface RawQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** Several statements, no parameters (a data migration). */
  readonly script?: true;
}

export type Steps<T> = Generator<Query, T, Row[]>;

export function compiledOf(query: Query): RawQuery {
  return 'compile' in query ? query.compile() : query;
}

/** As PostgreSQL reads it: SQL written by hand numbers its parameters (`$1`…); Kysely's already does. */
export function numberedOf(query: Query): RawQuery {
  if ('compile' in query) return query.compile();
  let n = 0;
  return query.parameters.length === 0 ? query : { ...query, sql: query.sql.replace(/\?/g, () => `$${++n}`) };
}

/** The rows of one query, inside steps: `const rows = yield* rowsOf<{ id: number }>(query)`. */
export function* rowsOf<R = Row>(query: Query): Generator<Query, R[], Row[]> {
  return (yield query) as unknown as R[];
}

/** Runs each query in turn, for its effect. */
export function* runAll(queries: Iterable<Query>): Steps<void> {
  for (const query of queries) yield query;
}

/** Drives steps with a synchronous runner. */
export function runStepsSync<T>(steps: Steps<T>, run: (query: Query) => Row[]): T {
  let next = steps.next();
  while (!next.done) next = steps.next(run(next.value));
  return next.value;
}

/** Drives steps with an asynchronous runner. */
export async function runSteps<T>(steps: Steps<T>, run: (query: Query) => Promise<Row[]>): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await run(next.value));
  return next.value;
}
