import { resolve } from 'node:path';
import { backupTo } from '../db/backup.js';
import { openDb } from '../db/open.js';
import { requireString, type CliCommand } from './command.js';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup --out FILE',
  summary: 'Copy the database to FILE while the server keeps running, then check the copy.',
  options: { out: { type: 'string' } },
  async run(values, io, config) {
    const out = resolve(requireString(values, 'out'));
    const db = openDb(config().databaseFile);
    try {
      const { pages } = await backupTo(db.sqlite, out);
      io.out(`Backup written to ${out} (${pages} pages); integrity check passed.`);
    } finally {
      await db.close();
    }
  },
};
