import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArchiveError, archiveFailure } from '../archive/archive-error.js';
import { ArchiveReader } from '../archive/archive-reader.js';
import { newestKnownSchema } from '../archive/schema-version.js';
import { dataPathOf, storedFileAt } from '../archive/stored-files.js';
import { BACKUP_DATABASE_PATH } from './backup.js';
import { openSqlite } from './open.js';

const DATABASE_FILE = 'coreview.sqlite';
/** Inside the target while a restore runs; it goes last, so finding it means a restore was cut short. */
const STAGING = '.restore-partial';
/** What a restore puts into a data dir, so what a cut-short one may have left there. */
const RESTORED = new Set([DATABASE_FILE, 'originals', 'fulltexts', STAGING]);

export interface RestoreSummary {
  schemaVersion: number;
  originals: number;
  pdfs: number;
  /** True when a restore that was cut short had left files in the data dir (removed first). */
  resumed: boolean;
}

/**
 * Restores a backup into an empty or missing data dir, and refuses any other. Everything is
 * extracted into a folder inside the target, each file checked against the manifest's SHA-256
 * as it is written and the database against `PRAGMA integrity_check`; only then are the files
 * moved into place. Entry names map to places through stored-files.ts alone, so an archive can
 * write nothing outside the target.
 */
export async function restoreFrom(archiveFile: string, dataDir: string): Promise<RestoreSummary> {
  const resumed = await prepareTarget(dataDir);
  const reader = await ArchiveReader.open(archiveFile, 'coreview-backup', { name: basename(archiveFile), maxSchemaVersion: newestKnownSchema() });
  const staging = join(dataDir, STAGING);
  try {
    const plan = reader.manifest.files.map((file) => ({ path: file.path, target: placeOf(reader.name, staging, file.path) }));
    if (!plan.some((p) => p.path === BACKUP_DATABASE_PATH)) throw new ArchiveError(`${reader.name} holds no database`);
    await mkdir(staging);
    for (const { path, target } of plan) {
      await mkdir(dirname(target), { recursive: true });
      await reader.extract(path, target);
    }
    checkDatabase(join(staging, DATABASE_FILE));
    // The database last: a data dir with a database is one whose files are all there.
    for (const name of (await readdir(staging)).sort((a, b) => Number(a === DATABASE_FILE) - Number(b === DATABASE_FILE))) {
      await rename(join(staging, name), join(dataDir, name));
    }
    await rmdir(staging);
    const stored = plan.map((p) => storedFileAt(p.path)).filter((f) => f !== undefined);
    return { schemaVersion: reader.manifest.schemaVersion, originals: stored.filter((f) => f.kind === 'original').length, pdfs: stored.filter((f) => f.kind === 'pdf').length, resumed };
  } catch (error) {
    await clearRestored(dataDir);
    throw archiveFailure(`Restore from ${reader.name} failed, ${dataDir} was left empty`, error);
  } finally {
    reader.close();
  }
}

/** Creates a missing target; refuses a file or a folder with anything in it but a cut-short restore's leftovers. */
async function prepareTarget(dataDir: string): Promise<boolean> {
  if (!existsSync(dataDir)) {
    await mkdir(dataDir, { recursive: true }).catch((error: unknown) => { throw archiveFailure(`Cannot create ${dataDir}`, error); });
    return false;
  }
  if (!statSync(dataDir).isDirectory()) throw new ArchiveError(`${dataDir} is a file, not a folder`);
  const names = await readdir(dataDir);
  if (names.length === 0) return false;
  if (names.includes(STAGING) && names.every((name) => RESTORED.has(name))) {
    await clearRestored(dataDir);
    return true;
  }
  throw new ArchiveError(`${dataDir} is not empty; restore only into a new or empty folder, so nothing there is overwritten (nothing was changed)`);
}

async function clearRestored(dataDir: string): Promise<void> {
  for (const name of RESTORED) await rm(join(dataDir, name), { recursive: true, force: true });
  for (const suffix of ['-wal', '-shm']) await rm(join(dataDir, DATABASE_FILE + suffix), { force: true });
}

function placeOf(name: string, staging: string, path: string): string {
  if (path === BACKUP_DATABASE_PATH) return join(staging, DATABASE_FILE);
  const stored = storedFileAt(path);
  if (!stored) throw new ArchiveError(`${name} holds ${path}, which no Coreview backup holds; it was refused`);
  return dataPathOf(staging, stored);
}

/** Opens the restored database as the server will (WAL), and checks it. */
function checkDatabase(file: string): void {
  const sqlite = openSqlite(file);
  try {
    const check = sqlite.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new ArchiveError(`The database in the backup failed its integrity check (${String(check)})`);
  } finally {
    sqlite.close();
  }
}
