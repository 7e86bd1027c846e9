import { on } from 'node:events';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonLines, toJsonLine } from '../archive/json-lines.js';
import type { FileSummary, RecordValues } from './batch-store.js';
import type { ParsedFile, ParsedRecord } from './parse-file.js';
import { startTsWorker } from '../workers/ts-worker.js';

// Lines are written in slices of about this many characters: 50,000 records are ~350 MB of JSON,
// which held as one string (plus its lines) took the import's peak memory from ~650 MB to 1.6 GB.
const SLICE_CHARS = 1 << 20;

/** Where an upload's files wait between preview and commit: `<dataDir>/staging/<upload id>/`. */
export const stagingRoot = (dataDir: string) => join(dataDir, 'staging');
export const uploadStaging = (dataDir: string, uploadId: string) => join(stagingRoot(dataDir), uploadId);
/** Removes an upload's staged files (stored, cancelled, failed or expired). */
export const discardStaging = (dataDir: string, uploadId: string) => rm(uploadStaging(dataDir, uploadId), { recursive: true, force: true });
/** The uploaded file itself, and its parsed records as JSON lines. */
export const stagedUpload = (dataDir: string, uploadId: string, position: number) => join(uploadStaging(dataDir, uploadId), `${position}.upload`);
export const stagedRecords = (dataDir: string, uploadId: string, position: number) => join(uploadStaging(dataDir, uploadId), `${position}.jsonl`);

/**
 * Between preview and commit, parsed records wait on disk as JSON lines, so a commit never parses
 * twice and a 50,000-record preview does not sit in the server's memory.
 */
export async function stageRecords(path: string, parsed: ParsedFile): Promise<FileSummary> {
  const file = await open(path, 'w');
  try {
    let slice: string[] = [];
    let chars = 0;
    for (const record of parsed.records) {
      const line = toJsonLine(record);
      slice.push(line);
      chars += line.length;
      if (chars >= SLICE_CHARS) {
        await file.write(slice.join(''));
        slice = [];
        chars = 0;
      }
    }
    if (slice.length > 0) await file.write(slice.join(''));
  } finally {
    await file.close();
  }
  return summarise(parsed);
}

export function summarise(parsed: ParsedFile): FileSummary {
  return {
    format: parsed.format,
    formatLabel: parsed.formatLabel,
    encoding: parsed.encoding,
    found: parsed.found,
    imported: parsed.records.length,
    failed: parsed.failures.length,
    warnings: parsed.warnings,
    failures: parsed.failures,
  };
}

export function readStagedRecords(path: string): AsyncIterable<ParsedRecord> {
  return readJsonLines(createReadStream(path), path) as AsyncIterable<ParsedRecord>;
}

export type StagedValuesMessage = { values: RecordValues[] } | { done: true };

const VALUES_WORKER_URL = new URL('./staged-values-worker.ts', import.meta.url).href;

/**
 * The staged records as the values to store, read and converted in a worker thread
 * (staged-values-worker.ts) while the caller writes them. Ends early, without error, only if that
 * worker dies silently; the commit then finds fewer records than the parser reported.
 */
export async function* readStagedValues(path: string): AsyncGenerator<RecordValues> {
  const worker = startTsWorker(VALUES_WORKER_URL, { path });
  try {
    for await (const [message] of on(worker, 'message', { close: ['exit'] }) as AsyncIterable<[StagedValuesMessage]>) {
      if ('done' in message) return;
      worker.postMessage('more');
      yield* message.values;
    }
  } finally {
    await worker.terminate();
  }
}
