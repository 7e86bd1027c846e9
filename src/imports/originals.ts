import { existsSync } from 'node:fs';
import { link, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { copyIntoPlace } from '../archive/partial-files.js';

/** `<dataDir>/originals/`, where every imported file is kept under its SHA-256. */
export const originalsDir = (dataDir: string) => join(dataDir, 'originals');

/**
 * Keeps an uploaded file byte-for-byte under its SHA-256, so the same file uploaded twice is stored
 * once and every batch can hand its original back.
 *
 * `link` is for a source Coreview owns and will only delete, never write (a staged upload): a hard
 * link keeps it without copying it (~135 MB for a 50,000-record export). A file someone else owns
 * (the CLI's arguments) is copied, or editing it later would change the "original". Where a link
 * cannot be made (another file system, no hard links), the file is copied.
 */
export async function keepOriginal(originalsDir: string, sha256: string, sourcePath: string, how: 'copy' | 'link' = 'copy'): Promise<void> {
  await mkdir(originalsDir, { recursive: true });
  const target = join(originalsDir, sha256);
  if (existsSync(target)) return;
  if (how === 'link') {
    try {
      await link(sourcePath, target);
      return;
    } catch (error) {
      // The same file, kept a moment ago by another upload.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    }
  }
  await copyIntoPlace(sourcePath, target);
}
