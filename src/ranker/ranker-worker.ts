/**
 * The ranker thread (ranker-plugin.ts starts it): features and relevance rankings on a connection of its
 * own, so training never runs on the thread that answers requests. Looks for work every POLL_MS
 * while idle; an unexpected error is reported to the server's log and retried after a pause.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { forWorker, type DatabaseLocation } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { WriteTurns } from '../db/write-turns.js';
import { RankerLoop } from './ranker-loop.js';

export interface RankerWorkerData {
  database: DatabaseLocation;
  turns: SharedArrayBuffer;
}

export type RankerWorkerMessage = { type: 'error'; detail: string };

const POLL_MS = 250;
const AFTER_ERROR_MS = 5000;
// Nobody waits on the ranker's writes, so it may wait longer than a request for the lock.
const BUSY_TIMEOUT_MS = 60_000;

const data = workerData as RankerWorkerData;
const turns = WriteTurns.from(data.turns, 'shared');
const db = await openDatabase(forWorker(data.database), { turns, busyTimeoutMs: BUSY_TIMEOUT_MS, applicationName: 'coreview ranker' });
// The server's checkpoint thread moves the WAL into the file (db/checkpointer.ts).
if (db.kind === 'sqlite') db.sqlite.pragma('wal_autocheckpoint = 0');
const loop = new RankerLoop(db, (ms) => turns.afterChunk(ms));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (;;) {
  try {
    if (!(await loop.step())) await pause(POLL_MS);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RankerWorkerMessage);
    await pause(AFTER_ERROR_MS);
  }
}
