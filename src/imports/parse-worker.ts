/**
 * Reads uploaded files off the server's main thread (CPU-bound, and the input may be pathological)
 * and stages their records on disk for the commit. It loads only the parsers, not the database
 * layer, because every module a worker loads goes through the TypeScript loader again.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { FileSummary } from './batch-store.js';
import { parseFile, UnreadableFileError } from './parse-file.js';
import { stageRecords } from './staging.js';

export interface ParseTask {
  task: 'parse';
  files: Array<{ path: string; fileName: string; recordsPath: string }>;
}

export type ParseMessage =
  | { type: 'progress'; message: string }
  | { type: 'parsed'; index: number; summary: FileSummary }
  | { type: 'unreadable'; index: number; message: string };

const post = (message: ParseMessage) => parentPort!.postMessage(message);

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

await parseAll(workerData as ParseTask);
