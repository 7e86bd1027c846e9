/**
 * One job in a worker thread, on a database connection of its own, so the server keeps answering
 * while an import is stored or a duplicate check runs. Reports `done`, or `failed` with the message
 * for people when the handler said why (JobFailure); anything else is an unexpected error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { forWorker, type DatabaseLocation } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { WriteTurns } from '../db/write-turns.js';
import { messageForPeople, jobContext, type JobHandler } from './job-context.js';
import { findJob } from './job-store.js';

export interface JobWorkerData {
  jobId: number;
  module: string;
  database: DatabaseLocation;
  dataDir: string;
  turns: SharedArrayBuffer;
}

export type JobWorkerMessage = { type: 'done' } | { type: 'failed'; message: string | null; detail: string };

// Nobody waits on a background job's writes, so it may wait longer than a request for the lock.
const WORKER_BUSY_TIMEOUT_MS = 60_000;

const data = workerData as JobWorkerData;
const post = (message: JobWorkerMessage) => parentPort!.postMessage(message);
const turns = WriteTurns.from(data.turns, 'shared');
const db = await openDatabase(forWorker(data.database), { turns, busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS, applicationName: 'coreview job' });
// The server's checkpoint thread moves the WAL into the file (db/checkpointer.ts).
if (db.kind === 'sqlite') db.sqlite.pragma('wal_autocheckpoint = 0');
try {
  const job = await findJob(db.kysely, data.jobId);
  if (!job) throw new Error(`job ${data.jobId} does not exist`);
  const { run } = (await import(data.module)) as { run: JobHandler };
  await run(jobContext(job, db.kysely, turns, data.dataDir));
  post({ type: 'done' });
} catch (error) {
  post({ type: 'failed', message: messageForPeople(error), detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  await db.close();
}
