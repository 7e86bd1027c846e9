import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { Database } from './schema.js';
import type { WriteTurns } from './write-turns.js';

/**
 * Where a Coreview keeps its data: the embedded SQLite file under the data dir, or a PostgreSQL
 * database (COREVIEW_DATABASE_URL) that several Coreview processes share.
 */
export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number };

/** A better-sqlite3 connection. */
export type Sqlite = SqliteDatabase.Database;

interface OpenDatabase {
  readonly kysely: Kysely<Database>;
  /** Turns at the write lock, shared with the worker threads of this process (write-turns.ts). */
  readonly turns: WriteTurns;
  close(): Promise<void>;
}

export interface SqliteDb extends OpenDatabase {
  readonly kind: 'sqlite';
  readonly sqlite: Sqlite;
}

export interface PostgresDb extends OpenDatabase {
  readonly kind: 'postgres';
  readonly pool: Pool;
}

/** An open database of either kind. Features use `kysely`; only modules of one dialect narrow on `kind`. */
export type Db = SqliteDb | PostgresDb;

/** What the database is called in messages and on /healthz: the file, or the server and database name without the password. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return location.file;
  const url = new URL(location.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

/** The location for a worker thread of this process: it needs a connection or two, not the server's whole pool. */
export function forWorker(location: DatabaseLocation): DatabaseLocation {
  return location.kind === 'postgres' ? { ...location, poolSize: Math.min(location.poolSize, 2) } : location;
}
