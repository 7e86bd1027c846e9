import { resolve } from 'node:path';
import { restoreFrom } from '../db/restore.js';
import { requireString, type CliCommand } from './command.js';

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore --from FILE --data-dir DIR',
  summary: 'Restore a backup into an empty or new data folder (never over an existing one).',
  help: [
    '',
    'Every file is checked against the backup’s SHA-256 checksums and the database against an integrity',
    'check before anything is put in place. Then start Coreview with COREVIEW_DATA_DIR=DIR.',
  ].join('\n'),
  options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(values, io) {
    const from = resolve(requireString(values, 'from'));
    const dataDir = resolve(requireString(values, 'data-dir'));
    const summary = await restoreFrom(from, dataDir);
    if (summary.resumed) io.err(`coreview restore: an earlier restore into ${dataDir} had been cut short; its files were removed first.`);
    io.out(
      `Restored ${from} into ${dataDir}: the database (schema ${summary.schemaVersion}, integrity check passed), ${summary.originals} original export(s) ` +
        `and ${summary.pdfs} full-text PDF(s), every checksum verified. Start Coreview with COREVIEW_DATA_DIR=${dataDir}.`,
    );
  },
};
