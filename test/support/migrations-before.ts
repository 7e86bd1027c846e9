import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/db/migrate.js';

/** The migrations numbered below `number`, in a folder of their own: a test of one migration migrates to just before it. */
export function migrationsBefore(number: number): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'coreview-migrations-'));
  for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_/.test(f) && Number(f.slice(0, 4)) < number)) cpSync(join(MIGRATIONS_DIR, file), join(dir, file));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
