import { existsSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { copyIntoPlace } from '../archive/partial-files.js';

const MAGIC = Buffer.from('%PDF-', 'latin1');
/** Readers accept the header anywhere in the first 1024 bytes (some files start with junk). */
const MAGIC_WINDOW = 1024;
const MAX_NAME = 200;

/** Where a full-text PDF lives: one file per content, named by its SHA-256. */
export function pdfPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return join(dataDir, 'fulltexts', `${sha256}.pdf`);
}

/** True when the file carries the PDF header (`%PDF-`) within its first 1024 bytes. */
export async function hasPdfHeader(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const start = Buffer.alloc(MAGIC_WINDOW);
    const { bytesRead } = await file.read(start, 0, MAGIC_WINDOW, 0);
    return start.subarray(0, bytesRead).includes(MAGIC);
  } finally {
    await file.close();
  }
}

/**
 * The name a PDF is shown and downloaded under: the browser's file name without any folder part,
 * control or bidirectional-override characters (which could disguise "txt.pdf" as "fdp.txt"), runs
 * of white space, or excess length; it always ends in `.pdf`.
 *
 * @example pdfDisplayName('C:\\Users\\ada\\Maruna 2001.PDF') // 'Maruna 2001.PDF'
 */
export function pdfDisplayName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\.pdf$/i.test(name)) name = `${name || 'full-text'}.pdf`;
  if (name.length > MAX_NAME) name = `${[...name.slice(0, -4)].slice(0, MAX_NAME - 5).join('').trimEnd()}….pdf`;
  return name;
}

/**
 * Moves an uploaded temp file to its place under `fulltexts/`, unless the same content is already
 * there (one file per hash, shared by every record and review that attaches it). What is not moved
 * is deleted with the request's other temp files.
 */
export async function keepPdf(dataDir: string, sha256: string, tempPath: string): Promise<void> {
  const target = pdfPath(dataDir, sha256);
  if (existsSync(target)) return;
  await mkdir(join(dataDir, 'fulltexts'), { recursive: true });
  try {
    // Same content under the same name, so a race with an identical upload replaces like with like.
    await rename(tempPath, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    // tmp/ on another file system: copy beside the target, then move into place in one step.
    await copyIntoPlace(tempPath, target);
  }
}
