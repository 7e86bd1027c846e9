/**
 * Runs off the server's main thread: parsing (CPU-bound, possibly pathological input) and the commit
 * transaction (a long write on its own SQLite connection), so requests keep being answered meanwhile.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { openDb } from '../db/open.js';
import { storeBatches, type FileSummary } from './batch-store.js';
import { parseFile, UnreadableFileError } from './parse-file.js';
import type { SearchDetails } from './search-details.js';
import { readStagedRecords, stageRecords } from './staging.js';

export interface ParseTask {
  task: 'parse';
  files: Array<{ path: string; fileName: string; recordsPath: string }>;
}

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

export type WorkerMessage =
  | { type: 'progress'; message: string }
  | { type: 'parsed'; index: number; summary: FileSummary }
  | { type: 'unreadable'; index: number; message: string }
  | { type: 'committed'; batchIds: number[] };

const post = (message: WorkerMessage) => parentPort!.postMessage(message);

async function parseAll(task: ParseTask): Promise<void> {
  for (const [index, file] of task.files.entries()) {
    post({ type: 'progress', message: `Reading ${file.fileName} (${index + 1} of ${task.files.length})` });
    try {
      const parsed = parseFile(await readFile(file.path), file.fileName);
      post({ type: 'progress', message: `Read ${parsed.found.toLocaleString('en-GB')} records from ${file.fileName}` });
      post({ type: 'parsed', index, summary: await stageRecords(file.recordsPath, parsed) });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      post({ type: 'unreadable', index, message: error.message });
    }
  }
}

async function commit(task: CommitTask): Promise<void> {
  const db = openDb(task.databaseFile);
  try {
    const total = task.batches.reduce((n, b) => n + b.summary.imported, 0);
    const batches = task.batches.map((b) => ({ ...b, records: readStagedRecords(b.recordsPath) }));
    const stored = await storeBatches(db.kysely, { reviewId: task.reviewId, actorId: task.actorId }, batches, (done) => {
      if (done % 5000 < 200) post({ type: 'progress', message: `Stored ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} records` });
    });
    post({ type: 'committed', batchIds: stored.map((s) => s.batchId) });
  } finally {
    await db.close();
  }
}

const task = workerData as ParseTask | CommitTask;
await (task.task === 'parse' ? parseAll(task) : commit(task));
