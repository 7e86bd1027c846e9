import { CompiledQuery, Kysely } from 'kysely';
import type { DatabaseLocation, PostgresDb } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { WriteLockingPostgresDialect } from '../db/postgres/write-locking-postgres-dialect.js';
import type { Database } from '../db/schema.js';
import { numberedOf, runSteps, type Query } from './archive-query.js';
import type { ArchiveSnapshot, ArchiveStage, ArchiveTarget } from './archive-store.js';
import type { Row } from './id-remap.js';
import { copyStagedPostgres, createStage, dropStage, moveSequencePast, PART_KEY, reviewRowsPart, stageInsert } from './postgres-table-sql.js';
import type { TableSpec } from './review-tables.js';
import { upgradeQueriesPostgres } from './upgrade-rows-postgres.js';

/** Rows read, or staged, per statement: a bounded part of a large review in memory at a time. */
const PART = 2_000;
/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 30_000;
const FOREIGN_KEY_VIOLATION = '23503';

type Executor = Pick<Kysely<Database>, 'executeQuery'>;

/** Runs one query and returns its rows as the database names their columns (snake_case, as SQLite's). */
async function runOn(executor: Executor, query: Query): Promise<Row[]> {
  const { sql, parameters } = numberedOf(query);
  return (await executor.executeQuery(CompiledQuery.raw(sql, [...parameters]))).rows as Row[];
}

/**
 * A Kysely without the app's camelCase plugin on the database's pool (with its write lock), so rows
 * keep their column names, as an archive writes them. The pool is the app database's to end.
 */
function rawKysely(db: PostgresDb): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WriteLockingPostgresDialect({ pool: db.pool }) });
}

async function withPostgres<T>(location: DatabaseLocation, lockWaitMs: number | undefined, work: (db: PostgresDb, raw: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = await openDatabase(location, { applicationName: 'coreview review archive', busyTimeoutMs: lockWaitMs });
  if (db.kind !== 'postgres') throw new Error('not a PostgreSQL database');
  try {
    return await work(db, rawKysely(db));
  } finally {
    await db.close();
  }
}

/** The export's snapshot: a read-only, repeatable-read transaction (no write lock taken). */
export function withPostgresSnapshot<T>(location: DatabaseLocation, work: (snapshot: ArchiveSnapshot) => Promise<T>): Promise<T> {
  return withPostgres(location, undefined, (_db, raw) =>
    raw.transaction().setAccessMode('read only').execute((trx) =>
      work({
        run: (steps) => runSteps(steps, (query) => runOn(trx, query)),
        rows: (spec, reviewId) => reviewRows(trx, spec, reviewId),
      }),
    ),
  );
}

async function* reviewRows(trx: Executor, spec: TableSpec, reviewId: number): AsyncGenerator<Row> {
  let after: string | number | null = null;
  for (;;) {
    const part = await runOn(trx, reviewRowsPart(spec, reviewId, after, PART));
    for (const row of part) {
      after = spec.ownId ? (row.id as number) : (row[PART_KEY] as string);
      delete row[PART_KEY];
      yield row;
    }
    if (part.length < PART) return;
  }
}

/**
 * The import's connection, held for the whole import: the stage is temporary tables of this session,
 * dropped before the connection goes back to the pool. The transaction takes the write lock.
 */
export function withPostgresTarget<T>(location: DatabaseLocation, lockWaitMs: number | undefined, work: (target: ArchiveTarget) => Promise<T>): Promise<T> {
  return withPostgres(location, lockWaitMs, (db, raw) =>
    raw.connection().execute(async (connection) => {
      const staged: string[] = [];
      try {
        return await work({
          kysely: db.kysely,
          run: (steps) => runSteps(steps, (query) => runOn(connection, query)),
          columns: (table) => ({ sql: 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?', parameters: [table] }),
          async stage(tables, fill) {
            for (const table of tables) {
              staged.push(table);
              await runOn(connection, createStage(table));
            }
            const stage = new PostgresStage(connection);
            await fill(stage);
            await stage.flush();
            return stage;
          },
          transact: (steps) => connection.transaction().execute((trx) => runSteps(steps, (query) => runOn(trx, query))),
          copyStaged: copyStagedPostgres,
          upgrade: upgradeQueriesPostgres,
          afterRows: (tables) => tables.map(moveSequencePast),
          isForeignKeyError: (error) => (error as { code?: string }).code === FOREIGN_KEY_VIOLATION,
        });
      } finally {
        for (const table of staged) await runOn(connection, dropStage(table)).catch(() => undefined);
      }
    }),
  );
}

/** Stages rows in parts: one INSERT of many rows per table and set of columns. */
class PostgresStage implements ArchiveStage {
  readonly columns = new Map<string, Set<string>>();
  private pending: { table: string; columns: string[]; key: string; rows: Row[] } | null = null;

  constructor(private readonly connection: Executor) {}

  insert(table: string, row: Row): Promise<void> | undefined {
    const columns = Object.keys(row);
    const key = `${table}(${columns.join(',')})`;
    const seen = this.columns.get(table) ?? new Set<string>();
    for (const column of columns) seen.add(column);
    this.columns.set(table, seen);
    if (this.pending && this.pending.key !== key) return this.flush().then(() => this.insert(table, row));
    this.pending ??= { table, columns, key, rows: [] };
    this.pending.rows.push(row);
    const full = this.pending.rows.length >= PART || this.pending.rows.length * Math.max(1, columns.length) >= MAX_PARAMETERS;
    return full ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = null;
    if (!pending || pending.rows.length === 0) return;
    const parameters = pending.rows.flatMap((row) => pending.columns.map((column) => row[column]));
    await runOn(this.connection, { sql: stageInsert(pending.table, pending.columns, pending.rows.length), parameters });
  }
}
