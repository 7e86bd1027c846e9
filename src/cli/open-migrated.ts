import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { openMigratedDatabase } from '../db/open-database.js';
import type { OpenOptions } from '../db/open.js';

/** Commands work on the same database and schema the server would: migrate first (a no-op when current). */
export function openMigrated(config: Config, options: OpenOptions = {}): Promise<Db> {
  return openMigratedDatabase(config.database, { ...options, applicationName: 'coreview command' });
}
