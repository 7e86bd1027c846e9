import { describeLocation } from '../db/database.js';
import { migrateDatabase, openDatabase } from '../db/open-database.js';
import type { CliCommand } from './command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply pending database migrations (the server also does this on start).',
  options: {},
  async run(_values, io, config) {
    const { database } = config();
    const db = await openDatabase(database, { applicationName: 'coreview migrate' });
    try {
      const applied = await migrateDatabase(db);
      io.out(applied.length ? `Applied ${applied.join(', ')} to ${describeLocation(database)}` : `${describeLocation(database)} is up to date.`);
    } finally {
      await db.close();
    }
  },
};
