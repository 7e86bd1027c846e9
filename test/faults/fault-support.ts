import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/database.js';
import { migrateDatabase } from '../../src/db/open-database.js';
import { startServer, type ServerProcess } from '../bench/server-process.js';
import { openDataDirDatabase } from '../support/data-dir-query.js';
import { databaseEnvFor } from '../support/test-database.js';

/** A data folder of its own, and a reader on its database (the server writes; the test watches). */
export interface FaultScene {
  dir: string;
  dataDir: string;
  logFile: string;
  /** Opens (once) and migrates a second connection to the servers' database (SQLite file or PostgreSQL), for preparing and reading what they did. */
  reader(): Promise<Db>;
  /** Starts a server on the scene's data folder (on `port` to come back where clients know it). */
  start(port?: number): Promise<ServerProcess>;
  /** Stops every server it started (also when a test failed half-way) and removes the folder. */
  close(): Promise<void>;
}

export function faultScene(prefix: string): FaultScene {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  let db: Promise<Db> | undefined;
  const servers: ServerProcess[] = [];
  const logFile = join(dir, 'server.log');
  const open = async () => {
    const opened = await openDataDirDatabase(dataDir);
    await migrateDatabase(opened);
    return opened;
  };
  return {
    dir,
    dataDir,
    logFile,
    reader: () => (db ??= open()),
    async start(port) {
      const server = await startServer({ dataDir, logFile, port, env: await databaseEnvFor(dataDir) });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((server) => server.kill()));
      await (await db)?.close();
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
