/**
 * What went wrong with a backup, a restore or a review archive, as one line a person can act on.
 * Commands print it as is; routes answer it with a 4xx.
 */
export class ArchiveError extends Error {}

const FS_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  EIO: 'an input/output error (failing disk?)',
};

/**
 * An ArchiveError for `error` while doing `what`: file-system failures are named in words (a full
 * disk says so), an ArchiveError passes unchanged, and anything else keeps its message on one line.
 */
export function archiveFailure(what: string, error: unknown): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = code && FS_REASONS[code] ? `${FS_REASONS[code]} (${code})` : oneLine((error as Error)?.message ?? String(error));
  return new ArchiveError(`${what}: ${reason}`);
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
