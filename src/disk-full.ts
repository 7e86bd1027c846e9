/**
 * Whether an error (or one it was caused by) means the disk or the account's quota is full: Node's
 * file system says ENOSPC or EDQUOT; SQLite says SQLITE_FULL, or SQLITE_IOERR_SHMSIZE when it cannot
 * grow its shared-memory file (opening a database on a full disk; SQLite's documentation names
 * "out of space" as its cause). The HTTP error handler and the CLI both ask, so a full disk reads the
 * same everywhere, and jobs can record the same words.
 */
export function isDiskFull(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (DISK_FULL_CODES.has((e as NodeJS.ErrnoException).code ?? '')) return true;
  }
  return false;
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE']);

export const DISK_FULL_MESSAGE = 'The disk Coreview keeps its data on is full, so nothing was saved. Free some space (or ask your administrator to), then try again.';
