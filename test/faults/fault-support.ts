import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteDb as Db } from '../../src/db/database.js';
import { openDb } from '../../src/db/open.js';
import { startServer, type ServerProcess } from '../bench/server-process.js';

/** A data folder of its own, and a reader on its database (the server writes; the test watches). */
export interface FaultScene {
  dir: string;
  dataDir: string;
  logFile: string;
  databaseFile: string;
  /** Opens (once) a second connection to the server's database, for reading what it did. */
  reader(): Db;
  /** Starts a server on the scene's data folder (on `port` to come back where clients know it). */
  start(port?: number): Promise<ServerProcess>;
  /** Stops every server it started (also when a test failed half-way) and removes the folder. */
  close(): Promise<void>;
}

export function faultScene(prefix: string): FaultScene {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let db: Db | undefined;
  const servers: ServerProcess[] = [];
  const logFile = join(dir, 'server.log');
  return {
    dir,
    dataDir,
    logFile,
    databaseFile: join(dataDir, 'coreview.sqlite'),
    reader: () => (db ??= openDb(join(dataDir, 'coreview.sqlite'))),
    async start(port) {
      const server = await startServer({ dataDir, logFile, port });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((server) => server.kill()));
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
