import type { FastifyInstance } from 'fastify';
import type { Sqlite } from '../../src/db/open.js';

/** The app's SQLite connection, for a test about SQLite itself; throws on any other database. */
export function sqliteOf(app: FastifyInstance): Sqlite {
  const db = app.database;
  if (db.kind !== 'sqlite') throw new Error(`this test needs the SQLite database, not ${db.kind}`);
  return db.sqlite;
}
