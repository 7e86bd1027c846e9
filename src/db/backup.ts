import { existsSync } from 'node:fs';
import { openSqlite, type Sqlite } from './open.js';

export class BackupError extends Error {}

/**
 * Takes an online backup (SQLite's backup API: readers and writers carry on) and proves the copy
 * opens and passes integrity_check before reporting success.
 */
export async function backupTo(sqlite: Sqlite, outFile: string): Promise<{ pages: number }> {
  if (existsSync(outFile)) throw new BackupError(`${outFile} already exists; choose a new file name`);
  let pages = 0;
  try {
    const result = await sqlite.backup(outFile);
    pages = result.totalPages;
  } catch (error) {
    throw new BackupError(`Backup to ${outFile} failed: ${(error as Error).message}`);
  }
  const copy = openSqlite(outFile, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The backup ${outFile} failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages };
}
