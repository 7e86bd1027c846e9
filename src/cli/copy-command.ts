import { dirname, resolve } from 'node:path';
import { describeLocation } from '../db/database.js';
import { CopyError } from '../copy/copy-error.js';
import { copyDatabase, type PostgresLocation } from '../copy/copy-database.js';
import { CliUsageError, requireString, type CliCommand } from './command.js';

/** The --to URL as a database location: a postgres:// URL naming its database, or misuse (exit 2). */
function targetOf(url: string): PostgresLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliUsageError('--to must be a URL such as postgres://coreview@db.example.org:5432/coreview');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new CliUsageError(`--to must be a postgres:// URL, not ${parsed.protocol}//`);
  if (parsed.pathname.length <= 1) throw new CliUsageError('--to must name the database, as in postgres://host:5432/coreview');
  // One connection copies; a second is the pool's spare.
  return { kind: 'postgres', url, poolSize: 2 };
}

export const copyCommand: CliCommand = {
  name: 'copy',
  usage: 'copy --from FILE --to postgres://USER@HOST:PORT/DATABASE',
  summary: 'Copy a whole Coreview from its SQLite file into a new, empty PostgreSQL database, and check the copy.',
  help: [
    '',
    'Every review, account and history is copied with its ids, in one transaction that also compares each ' +
      "table's row count and checksum with the source: if anything fails, the database is left empty. The " +
      'SQLite file is only read; stop Coreview first so that nothing changes while it is copied.',
    'The database must be one Coreview has not used (created with createdb; migrating it is fine), and FILE at ' +
      "this Coreview's schema version (run `coreview migrate` on it first if it is older).",
    'Uploaded originals and full-text PDFs are not in the database: they stay in the data folder beside FILE, ' +
      'which every Coreview process on PostgreSQL must use as its COREVIEW_DATA_DIR (a shared folder).',
  ].join('\n'),
  options: { from: { type: 'string' }, to: { type: 'string' } },
  async run(values, io) {
    const from = resolve(requireString(values, 'from'));
    const to = targetOf(requireString(values, 'to'));
    try {
      const summary = await copyDatabase(from, to);
      const rows = (name: string) => summary.tables.find((t) => t.name === name)?.rows ?? 0;
      const total = summary.tables.reduce((sum, t) => sum + t.rows, 0);
      io.out(
        [
          `Copied ${from} (schema ${summary.schemaVersion}) to ${describeLocation(to)} in ${summary.seconds.toFixed(1)} s: ` +
            `${rows('review')} review(s), ${rows('account')} account(s), ${rows('record')} record(s); ${total} rows in ${summary.tables.length} tables.`,
          'Checked: every table has the same rows as the source (row counts and checksums), and every record its search document.',
          "Not copied: sign-ins (everyone signs in again) and SQLite's search index (PostgreSQL built its own).",
          `Files stay in ${dirname(from)}: run every Coreview on this database with COREVIEW_DATA_DIR set to that folder (or a copy of it) and COREVIEW_DATABASE_URL set to the database.`,
        ].join('\n'),
      );
    } catch (error) {
      if (!(error instanceof CopyError)) throw error;
      io.err(`coreview copy: ${error.message}`);
      return 1;
    }
  },
};
