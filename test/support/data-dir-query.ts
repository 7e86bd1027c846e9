import { join } from 'node:path';
import type { Db } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open-database.js';
import { databaseEnvFor } from './test-database.js';

/**
 * For tests that check (or prepare) behind the back of a command or server process what is in its
 * database, on either database the suite runs on. SQL given here must be portable: `?` for parameters,
 * an alias for every computed column, no SQLite-only functions.
 */

/** The database of `dataDir` as its commands and servers open it: the SQLite file, or the test database databaseEnvFor gives the dir. */
export async function openDataDirDatabase(dataDir: string): Promise<Db> {
  const url = (await databaseEnvFor(dataDir)).COREVIEW_DATABASE_URL;
  return openDatabase(url ? { kind: 'postgres', url, poolSize: 2 } : { kind: 'sqlite', file: join(dataDir, 'coreview.sqlite') });
}

/** Runs `text` on `db` and returns its rows (none for a statement without RETURNING); ids and counts are numbers on both. */
export async function queryRows<Row = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<Row[]> {
  if (db.kind === 'sqlite') {
    const statement = db.sqlite.prepare(text);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  }
  let n = 0;
  return (await db.pool.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as Row[];
}

/** The first column of the first row (undefined when there is none): a count, say. */
export async function queryValue<Value = unknown>(db: Db, text: string, ...params: unknown[]): Promise<Value> {
  const [row] = await queryRows(db, text, ...params);
  return (row === undefined ? undefined : Object.values(row)[0]) as Value;
}

/** Runs `text` once on the database of `dataDir`, closing it again. */
export async function queryDataDir<Row = Record<string, unknown>>(dataDir: string, text: string, ...params: unknown[]): Promise<Row[]> {
  const db = await openDataDirDatabase(dataDir);
  try {
    return await queryRows<Row>(db, text, ...params);
  } finally {
    await db.close();
  }
}
