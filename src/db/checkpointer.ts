import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../workers/ts-worker.js';
import type { Sqlite } from './open.js';

const CHECKPOINT_WORKER = new URL('./checkpoint-worker.ts', import.meta.url).href;

/**
 * Moves the WAL's pages into the database file from a thread of its own. SQLite otherwise does it
 * inside whichever COMMIT pushes the WAL past 1,000 pages, and while an import was being stored
 * that was often a reviewer's decision: 50–100 ms added to a request. So the server's connections
 * never checkpoint (wal_autocheckpoint = 0) and this thread does, PASSIVE (it never waits for, nor
 * blocks, readers and writers), about once a second.
 *
 * ```ts
 * const checkpoints = startCheckpoints(db.sqlite, databaseFile);
 * await checkpoints.stop();
 * ```
 */
export function startCheckpoints(sqlite: Sqlite, databaseFile: string): { stop(): Promise<void> } {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker: Worker = startTsWorker(CHECKPOINT_WORKER, { databaseFile }, ['better-sqlite3']);
  worker.unref();
  return {
    async stop() {
      await worker.terminate();
    },
  };
}
