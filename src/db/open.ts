import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely } from 'kysely';
import type { Sqlite, SqliteDb } from './database.js';
import type { Database } from './schema.js';
import { WriteLockingSqliteDialect } from './write-locking-dialect.js';
import { WriteTurns } from './write-turns.js';

export type { Sqlite };

export interface OpenOptions {
  /** The turns of the thread that started this worker; a new set otherwise. */
  turns?: WriteTurns;
  /**
   * How long a write waits for the lock. Requests keep the default (5 s: a request waiting longer
   * is better told so); background workers may wait longer, since nobody is kept waiting for them.
   */
  busyTimeoutMs?: number;
}

export class DatabaseOpenError extends Error {}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

const requiredPragmas = (busyTimeoutMs: number): ReadonlyArray<[name: string, set: string, expected: string | number]> => [
  ['journal_mode', 'WAL', 'wal'],
  ['synchronous', 'FULL', 2],
  ['foreign_keys', 'ON', 1],
  ['busy_timeout', String(busyTimeoutMs), busyTimeoutMs],
];

/** Opens the SQLite file with the pragmas every connection must have, and checks they took. */
export function openSqlite(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Sqlite {
  let sqlite: Sqlite;
  try {
    sqlite = new SqliteDatabase(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open the database ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    for (const [name, value, expected] of requiredPragmas(Math.max(options.busyTimeoutMs ?? 0, DEFAULT_BUSY_TIMEOUT_MS))) {
      if (options.readonly && name === 'journal_mode') continue;
      sqlite.pragma(`${name} = ${value}`);
      const actual = sqlite.pragma(name, { simple: true });
      if (actual !== expected) throw new Error(`PRAGMA ${name} is ${String(actual)}, expected ${expected}`);
    }
  } catch (error) {
    sqlite.close();
    throw new DatabaseOpenError(`Cannot use the database ${file}: ${(error as Error).message}`, { cause: error });
  }
  return sqlite;
}

export function createKysely(sqlite: Sqlite, turns: WriteTurns): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: withStatementCache(sqlite), turns, inTransaction: () => sqlite.inTransaction }), plugins: [new CamelCasePlugin()] });
}

const CACHED_STATEMENTS = 500;

/**
 * The connection as Kysely sees it, with prepared statements reused by SQL text. Kysely prepares
 * every query anew, and preparing cost more than running most of a page's queries (profiled on
 * the screening page: a third of its time). Statements run synchronously, so sharing one is safe;
 * the least recently used is dropped past CACHED_STATEMENTS (IN lists make many distinct texts).
 */
function withStatementCache(sqlite: Sqlite): Sqlite {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Opens the SQLite file `file` for Kysely (open-database.ts chooses between the two kinds). */
export function openDb(file: string, options: OpenOptions = {}): SqliteDb {
  const sqlite = openSqlite(file, { busyTimeoutMs: options.busyTimeoutMs });
  const turns = options.turns ?? WriteTurns.create();
  const kysely = createKysely(sqlite, turns);
  return {
    kind: 'sqlite',
    sqlite,
    kysely,
    turns,
    // Kysely's destroy() closes the better-sqlite3 handle through the dialect.
    close: () => kysely.destroy(),
  };
}
