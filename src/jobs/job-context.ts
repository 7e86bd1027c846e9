import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { WriteTurns } from '../db/write-turns.js';
import { isDiskFull } from '../disk-full.js';
import { reportProgress, type Job } from './job-store.js';

/** What a job handler is given: its job, a connection of its own and the data folder. */
export interface JobContext {
  readonly job: Job;
  readonly db: Kysely<Database>;
  readonly dataDir: string;
  /** Call between two chunks of writes that took `chunkMs`: lets waiting requests write first. */
  afterChunk(chunkMs: number): void;
  /** Tells people where the job stands; written at most a few times a second. */
  progress(text: string): Promise<void>;
}

/**
 * A job handler: resumable, because a job interrupted by a crash or restart runs again from the
 * start and must find and skip what it already did. Exported as `run` by each handler module.
 */
export type JobHandler = (ctx: JobContext) => Promise<void>;

/** A failure to show people as is (the job ends `failed` with this message). */
export class JobFailure extends Error {}

const DISK_FULL = 'The disk Coreview keeps its data on is full, so this stopped. Free some space (or ask your administrator to), then try again.';

/** What people read about a job's error: its own words, a full disk, or null (unexpected: the kind's message, and the details to the log). */
export function messageForPeople(error: unknown): string | null {
  if (error instanceof JobFailure) return error.message;
  return isDiskFull(error) ? DISK_FULL : null;
}

const PROGRESS_EVERY_MS = 400;

export function jobContext(job: Job, db: Kysely<Database>, turns: WriteTurns, dataDir: string): JobContext {
  let lastProgress = 0;
  return {
    job,
    db,
    dataDir,
    afterChunk: (chunkMs) => turns.afterChunk(chunkMs),
    async progress(text) {
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      await reportProgress(db, job.id, text);
    },
  };
}
