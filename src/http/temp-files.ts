import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ownerIsGone, THIS_PROCESS } from '../jobs/job-owner.js';

/**
 * Bytes being received (uploads) are written to the data dir's tmp/ under names that say which
 * process writes them. Every Coreview process on one database shares the data dir (README, "For
 * institutions"), so none may clear tmp/ as a whole when it starts: it would delete the uploads
 * another process is receiving. Each removes only what belongs to processes that are gone.
 *
 * A name starts with its process as jobs name their owner (job-owner.ts, "host pid token"), each
 * part URI-encoded and followed by "+", which encoding never leaves in a part. Names rather than
 * a folder per process, so that tmp/ is empty again once nothing is being received.
 */
const SEPARATOR = '+';

/** Left for this long, a file is abandoned whoever made it: uploads take minutes, not days. */
const ABANDONED_AFTER_MS = 24 * 3_600_000;

export const tempDir = (dataDir: string) => join(dataDir, 'tmp');

/** A fresh file name for tmp/, owned by this process. */
export function ownedTempName(suffix: string): string {
  return [...THIS_PROCESS.split(' ').map(encodeURIComponent), `${randomUUID()}${suffix}`].join(SEPARATOR);
}

/** The process a name in tmp/ belongs to, or null for a name not made by ownedTempName. */
function ownerOf(name: string): string | null {
  const parts = name.split(SEPARATOR);
  if (parts.length !== 4) return null;
  try {
    return parts.slice(0, 3).map(decodeURIComponent).join(' ');
  } catch {
    return null;
  }
}

/**
 * At start: removes the files of processes certainly gone (on this machine, by their pid), and
 * whatever tmp/ holds that nobody has touched for a day — files of processes on other machines,
 * whose lives this one cannot see, and those named by no process (an earlier version's, or a
 * review file being written).
 */
export async function sweepTempDir(dataDir: string, now = Date.now()): Promise<void> {
  const root = tempDir(dataDir);
  const names = await readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  await Promise.all(names.map(async (name) => {
    const owner = ownerOf(name);
    if (owner === THIS_PROCESS) return;
    const path = join(root, name);
    // A file gone meanwhile (its upload ended, or another process starting swept it) counts as fresh.
    const touched = (await stat(path).catch(() => null))?.mtimeMs ?? now;
    if ((owner !== null && ownerIsGone(owner)) || touched < now - ABANDONED_AFTER_MS) await rm(path, { recursive: true, force: true });
  }));
}
