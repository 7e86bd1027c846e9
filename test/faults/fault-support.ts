import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/open.js';

/** A data folder of its own, and a reader on its database (the server writes; the test watches). */
export interface FaultScene {
  dir: string;
  dataDir: string;
  logFile: string;
  databaseFile: string;
  /** Opens (once) a second connection to the server's database, for reading what it did. */
  reader(): Db;
  close(): Promise<void>;
}

export function faultScene(prefix: string): FaultScene {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let db: Db | undefined;
  return {
    dir,
    dataDir,
    logFile: join(dir, 'server.log'),
    databaseFile: join(dataDir, 'coreview.sqlite'),
    reader: () => (db ??= openDb(join(dataDir, 'coreview.sqlite'))),
    async close() {
      await db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every `everyMs` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, { timeoutMs = 60_000, everyMs = 10 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
