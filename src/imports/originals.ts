import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Keeps an uploaded file byte-for-byte under its SHA-256, so the same file uploaded twice is stored
 * once and every batch can hand its original back.
 */
export async function keepOriginal(originalsDir: string, sha256: string, sourcePath: string): Promise<void> {
  await mkdir(originalsDir, { recursive: true });
  const target = join(originalsDir, sha256);
  if (!existsSync(target)) await copyFile(sourcePath, target);
}
