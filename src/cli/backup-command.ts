import { resolve } from 'node:path';
import { removePartialsOnSignal } from '../archive/partial-files.js';
import { backupTo } from '../db/backup.js';
import { requireString, type CliCommand } from './command.js';

const MB = 1024 * 1024;

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup --out FILE',
  summary: 'Write the database, uploaded originals and full-text PDFs to one archive while Coreview keeps running.',
  help: [
    '',
    'FILE is a zip with a manifest (sizes and SHA-256 of every file). It is written under a temporary ' +
      'name beside FILE and renamed when complete, so an interrupted backup leaves no FILE; an existing ' +
      'FILE is never overwritten. Restore it with `coreview restore --from FILE --data-dir DIR`.',
    'For the embedded SQLite database only: a Coreview on PostgreSQL is backed up with PostgreSQL\'s own tools.',
  ].join('\n'),
  options: { out: { type: 'string' } },
  async run(values, io, config) {
    const out = resolve(requireString(values, 'out'));
    const { databaseFile, dataDir, database } = config();
    if (database.kind === 'postgres') {
      io.err(
        'coreview backup: this Coreview keeps its data in PostgreSQL (COREVIEW_DATABASE_URL), which this command cannot copy. ' +
          `Back the database up with PostgreSQL's own tools (pg_dump, or your server's base backups) and copy ${dataDir} beside it; the README's section for institutions says how.`,
      );
      return 1;
    }
    removePartialsOnSignal();
    const started = performance.now();
    const summary = await backupTo({ databaseFile, dataDir }, out);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (summary.missing.length > 0) {
      const shown = summary.missing.slice(0, 5).join(', ') + (summary.missing.length > 5 ? ` and ${summary.missing.length - 5} more` : '');
      io.err(`coreview backup: warning: ${summary.missing.length} file(s) the database refers to are missing from ${dataDir} and are not in the backup: ${shown}`);
    }
    io.out(
      `Backup written to ${out} (${(summary.bytes / MB).toFixed(1)} MB in ${seconds} s): the database (schema ${summary.schemaVersion}, integrity check passed), ` +
        `${summary.originals} original export(s) and ${summary.pdfs} full-text PDF(s).`,
    );
  },
};
