import { join } from 'node:path';
import { openDb, openSqlite, type Sqlite } from '../db/open.js';
import { compiledOf, runStepsSync, type Query, type Steps } from './archive-query.js';
import type { ArchiveSnapshot, ArchiveStage, ArchiveTarget, TargetOptions } from './archive-store.js';
import type { Row } from './id-remap.js';
import { attachStage, copyStagedQuery, detachStage, reviewRows, StageWriter } from './table-sql.js';
import { upgradeQueries } from './upgrade-rows.js';

/** Runs one query on the connection, synchronously. */
function runOn(sqlite: Sqlite, query: Query): Row[] {
  const { sql, parameters, script } = compiledOf(query);
  if (script) {
    sqlite.exec(sql);
    return [];
  }
  const statement = sqlite.prepare(sql);
  if (statement.reader) return statement.all(...parameters) as Row[];
  statement.run(...parameters);
  return [];
}

/**
 * The export's snapshot: a connection of its own in a read transaction, so the server keeps
 * answering and writing while a large review is written out.
 */
export async function withSqliteSnapshot<T>(file: string, work: (snapshot: ArchiveSnapshot) => Promise<T>): Promise<T> {
  const sqlite = openSqlite(file);
  try {
    sqlite.exec('BEGIN');
    return await work({
      run: async (steps) => runStepsSync(steps, (query) => runOn(sqlite, query)),
      rows: (spec, reviewId) => reviewRows(sqlite, spec, reviewId),
    });
  } finally {
    if (sqlite.inTransaction) sqlite.exec('COMMIT');
    sqlite.close();
  }
}

/**
 * The import's connection, with its stage attached beside the main database; the transaction runs
 * synchronously (BEGIN IMMEDIATE) and checks foreign keys at COMMIT.
 */
export async function withSqliteTarget<T>(file: string, options: TargetOptions, work: (target: ArchiveTarget) => Promise<T>): Promise<T> {
  const db = openDb(file, { busyTimeoutMs: options.lockWaitMs });
  const run = <R>(steps: Steps<R>): R => runStepsSync(steps, (query) => runOn(db.sqlite, query));
  try {
    return await work({
      kysely: db.kysely,
      run: async (steps) => run(steps),
      columns: (table) => ({ sql: 'SELECT name FROM pragma_table_info(?)', parameters: [table] }),
      async stage(tables, fill) {
        attachStage(db.sqlite, join(options.stagingDir, 'rows.sqlite'), tables);
        const writer = new StageWriter(db.sqlite);
        const stage: ArchiveStage = { insert: (table, row) => void writer.insert(table, row), columns: writer.columns };
        db.sqlite.exec('BEGIN');
        try {
          await fill(stage);
          db.sqlite.exec('COMMIT');
        } finally {
          if (db.sqlite.inTransaction) db.sqlite.exec('ROLLBACK');
        }
        return stage;
      },
      async transact(steps) {
        return db.sqlite.transaction(() => {
          // Rows point at each other in every direction (merges, undos, sub-codes): checked at COMMIT.
          db.sqlite.pragma('defer_foreign_keys = ON');
          return run(steps);
        }).immediate();
      },
      copyStaged: copyStagedQuery,
      upgrade: upgradeQueries,
      afterRows: () => [],
      isForeignKeyError: (error) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
  } finally {
    detachStage(db.sqlite);
    await db.close();
  }
}
