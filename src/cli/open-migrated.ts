import type { Config } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDb, type Db, type OpenOptions } from '../db/open.js';

/** Commands work on the same schema the server would: migrate first (a no-op when current). */
export function openMigrated(config: Config, options: OpenOptions = {}): Db {
  const db = openDb(config.databaseFile, options);
  try {
    migrate(db.sqlite);
  } catch (error) {
    db.sqlite.close();
    throw error;
  }
  return db;
}
