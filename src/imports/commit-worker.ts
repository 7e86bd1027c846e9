/**
 * Stores staged records off the server's main thread: the commit is one long write transaction on
 * the worker's own SQLite connection, so requests keep being answered meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDb, type Db } from '../db/open.js';
import { detectImported, type ImportDuplicates } from '../dedup/detect-imported.js';
import { storeBatches, type FileSummary } from './batch-store.js';
import type { SearchDetails } from './search-details.js';
import { readStagedValues } from './staging.js';

export interface CommitTask {
  task: 'commit';
  databaseFile: string;
  reviewId: number;
  actorId: number;
  batches: Array<{
    search: SearchDetails;
    file: { fileName: string; size: number; sha256: string };
    summary: FileSummary;
    recordsPath: string;
  }>;
}

export type CommitMessage =
  | { type: 'progress'; message: string }
  | { type: 'committed'; batchIds: number[] }
  | { type: 'duplicates'; result: ImportDuplicates | null };

const post = (message: CommitMessage) => parentPort!.postMessage(message);

async function commit(task: CommitTask): Promise<void> {
  const db = openDb(task.databaseFile);
  try {
    // Checkpointing copies the whole transaction (~460 MB for 50,000 records) from the WAL into the
    // database file. The records are durable once COMMIT returns (WAL, synchronous=FULL), so the
    // checkpoint runs after "committed" is reported rather than inside COMMIT.
    db.sqlite.pragma('wal_autocheckpoint = 0');
    const total = task.batches.reduce((n, b) => n + b.summary.imported, 0);
    const batches = task.batches.map((b) => ({ ...b, records: readStagedValues(b.recordsPath) }));
    const stored = await storeBatches(db.kysely, { reviewId: task.reviewId, actorId: task.actorId }, batches, (done) => {
      if (done % 5000 < 200) post({ type: 'progress', message: `Stored ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} records` });
    });
    const batchIds = stored.map((s) => s.batchId);
    post({ type: 'committed', batchIds });
    post({ type: 'progress', message: 'Checking for duplicates…' });
    post({ type: 'duplicates', result: await checkDuplicates(db.kysely, task, batchIds) });
    // PASSIVE never waits for the server's readers or writers; what it cannot copy now, a later checkpoint does.
    db.sqlite.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    await db.close();
  }
}

/** The import is committed whatever happens here: a failed check is reported (null), not thrown. */
async function checkDuplicates(db: Db['kysely'], task: CommitTask, batchIds: number[]): Promise<ImportDuplicates | null> {
  try {
    return await detectImported(db, { reviewId: task.reviewId, actorId: task.actorId }, batchIds);
  } catch (error) {
    console.error('duplicate check after import failed', error);
    return null;
  }
}

await commit(workerData as CommitTask);
