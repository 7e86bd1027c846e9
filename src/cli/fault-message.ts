import { DISK_FULL_MESSAGE, isDiskFull } from '../disk-full.js';

const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'part of the path is not a folder',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
};

/**
 * A fault outside the command's control as one line: the disk is full, or the file system refused
 * a path (which it names). Null for anything else.
 *
 * @example faultMessage(enoentFromOpen) // 'cannot open /backups/x.zip: there is no such file or folder'
 */
export function faultMessage(error: unknown): string | null {
  if (isDiskFull(error)) return DISK_FULL_MESSAGE;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (code && syscall && path) return `cannot ${syscall} ${path}: ${REASONS[code] ?? code}`;
  return null;
}
