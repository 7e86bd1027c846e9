import type { Kysely } from 'kysely';
import type { DatabaseLocation } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Query, Steps } from './archive-query.js';
import { withPostgresSnapshot, withPostgresTarget } from './postgres-archive-store.js';
import { withSqliteSnapshot, withSqliteTarget } from './sqlite-archive-store.js';
import type { Row } from './id-remap.js';
import type { TableSpec } from './review-tables.js';

/**
 * What review archives need of a database, one implementation per dialect
 * (sqlite-archive-store.ts, postgres-archive-store.ts); export-review.ts and import-review.ts are
 * written once against these.
 */

/** One read snapshot of the whole database, for an export. */
export interface ArchiveSnapshot {
  run<T>(steps: Steps<T>): Promise<T>;
  /** A review's rows of one table, oldest first, read a part at a time. */
  rows(spec: TableSpec, reviewId: number): Iterable<Row> | AsyncIterable<Row>;
}

/** Where an import's rows wait, mapped and checked, before the transaction copies them in. */
export interface ArchiveStage {
  /** Synchronous on SQLite (undefined), so its path awaits nothing per row. */
  insert(table: string, row: Row): Promise<void> | undefined;
  /** The columns each table's rows had: only those are copied, so the others take their defaults. */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The database a review is imported into. */
export interface ArchiveTarget {
  /** Builds queries in this database's dialect (run through `run` or `transact`, never executed by itself). */
  readonly kysely: Kysely<Database>;
  run<T>(steps: Steps<T>): Promise<T>;
  /** A table's columns in this database (rows: `{ name }`). */
  columns(table: string): Query;
  /** Stages rows: `fill` inserts them all; the stage lives until the target closes. */
  stage(tables: readonly string[], fill: (stage: ArchiveStage) => Promise<void>): Promise<ArchiveStage>;
  /**
   * Runs steps in one write transaction, all or nothing. Rows may point at rows of the same table
   * in any order (merges, undos, sub-codes): SQLite checks at COMMIT, PostgreSQL at the end of each
   * table's one INSERT.
   */
  transact<T>(steps: Steps<T>): Promise<T>;
  /** Copies a staged table's rows in, in the order they were staged. */
  copyStaged(table: string, columns: readonly string[]): Query;
  /** The data migrations newer than an archive's schema, run again over the rows just copied (upgrade-rows.ts). */
  upgrade(archiveSchema: number): Query[];
  /** Last in the transaction: what rows given their ids by hand leave to put right (PostgreSQL's identity sequences). */
  afterRows(tables: readonly string[]): Query[];
  /** The error says a row points at a row that is not there. */
  isForeignKeyError(error: unknown): boolean;
}

export interface TargetOptions {
  /** A folder of the import's own, for scratch files. */
  stagingDir: string;
  /** How long the transaction may wait for another writer. */
  lockWaitMs?: number;
}

/** Exporting from either database. */
export function withSnapshot<T>(location: DatabaseLocation, work: (snapshot: ArchiveSnapshot) => Promise<T>): Promise<T> {
  return location.kind === 'sqlite' ? withSqliteSnapshot(location.file, work) : withPostgresSnapshot(location, work);
}

/** Importing into either database: the target is closed (its stage dropped) when `work` ends. */
export function withTarget<T>(location: DatabaseLocation, options: TargetOptions, work: (target: ArchiveTarget) => Promise<T>): Promise<T> {
  return location.kind === 'sqlite' ? withSqliteTarget(location.file, options, work) : withPostgresTarget(location, options.lockWaitMs, work);
}
