import { migrate } from '../db/migrate.js';
import { openDb } from '../db/open.js';
import type { CliCommand } from './command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'Apply pending database migrations (the server also does this on start).',
  options: {},
  async run(_values, io, config) {
    const { databaseFile } = config();
    const db = openDb(databaseFile);
    try {
      const applied = migrate(db.sqlite);
      io.out(applied.length ? `Applied ${applied.join(', ')} to ${databaseFile}` : `${databaseFile} is up to date.`);
    } finally {
      await db.close();
    }
  },
};
