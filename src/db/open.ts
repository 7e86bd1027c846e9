import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely } from 'kysely';
import type { Database } from './schema.js';
import { WriteLockingSqliteDialect } from './write-locking-dialect.js';

export type Sqlite = SqliteDatabase.Database;

export interface Db {
  readonly sqlite: Sqlite;
  readonly kysely: Kysely<Database>;
  close(): Promise<void>;
}

export class DatabaseOpenError extends Error {}

const REQUIRED_PRAGMAS: ReadonlyArray<[name: string, set: string, expected: string | number]> = [
  ['journal_mode', 'WAL', 'wal'],
  ['synchronous', 'FULL', 2],
  ['foreign_keys', 'ON', 1],
  ['busy_timeout', '5000', 5000],
];

/** Opens the SQLite file with the pragmas every connection must have, and checks they took. */
export function openSqlite(file: string, options: { readonly?: boolean } = {}): Sqlite {
  let sqlite: Sqlite;
  try {
    sqlite = new SqliteDatabase(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new DatabaseOpenError(`Cannot open the database ${file}: ${(error as Error).message}`);
  }
  try {
    for (const [name, value, expected] of REQUIRED_PRAGMAS) {
      if (options.readonly && name === 'journal_mode') continue;
      sqlite.pragma(`${name} = ${value}`);
      const actual = sqlite.pragma(name, { simple: true });
      if (actual !== expected) throw new Error(`PRAGMA ${name} is ${String(actual)}, expected ${expected}`);
    }
  } catch (error) {
    sqlite.close();
    throw new DatabaseOpenError(`Cannot use the database ${file}: ${(error as Error).message}`);
  }
  return sqlite;
}

export function createKysely(sqlite: Sqlite): Kysely<Database> {
  return new Kysely<Database>({ dialect: new WriteLockingSqliteDialect({ database: withStatementCache(sqlite) }), plugins: [new CamelCasePlugin()] });
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

export function openDb(file: string): Db {
  const sqlite = openSqlite(file);
  const kysely = createKysely(sqlite);
  return {
    sqlite,
    kysely,
    // Kysely's destroy() closes the better-sqlite3 handle through the dialect.
    close: () => kysely.destroy(),
  };
}
