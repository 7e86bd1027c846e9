import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileSummary } from './batch-store.js';
import { DUPLICATE_CHECK_FAILED, type ImportDuplicates } from '../dedup/detect-imported.js';
import { keepOriginal } from './originals.js';
import { runImportWorker, TimeLimitError } from './run-worker.js';
import type { SearchDetails } from './search-details.js';
import type { Config } from '../config.js';
import type { UploadedFile } from '../http/uploads.js';

/** `checking`: the records are stored and searchable; the duplicate check of the new records runs. */
export type JobState = 'reading' | 'ready' | 'failed' | 'committing' | 'checking' | 'committed' | 'cancelled';

export interface JobFile {
  fileName: string;
  size: number;
  sha256: string;
  stagedPath: string;
  recordsPath: string;
  summary?: FileSummary;
  /** Set when the file could not be read at all. */
  unreadable?: string;
}

/** One upload on its way from preview to commit. Lives in memory: a restart drops unfinished previews. */
export interface ImportJob {
  id: string;
  reviewId: number;
  actorId: number;
  createdAt: number;
  search: SearchDetails;
  files: JobFile[];
  state: JobState;
  progress: string;
  error?: string;
  batchIds?: number[];
  /** The duplicate check after the commit; null when it failed (`error` says so). */
  duplicates?: ImportDuplicates | null;
}

export interface ImportPaths {
  stagingDir: string;
  originalsDir: string;
  databaseFile: string;
}

export function importPaths(config: Config): ImportPaths {
  return {
    stagingDir: join(config.dataDir, 'staging'),
    originalsDir: join(config.dataDir, 'originals'),
    databaseFile: config.databaseFile,
  };
}

// A preview nobody commits is dropped after a day, with its staged files.
const PREVIEW_LIFETIME_MS = 24 * 3_600_000;

/**
 * The imports in flight for one server: starts parse and commit workers, tracks their progress
 * for the live progress fragment, and owns the staging area on disk.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly paths: ImportPaths,
    private readonly timeLimitMs: number,
    /** Unexpected worker failures go to the server log; people get a plain message. */
    private readonly logError: (error: unknown) => void,
  ) {}

  get(id: string, reviewId: number): ImportJob | undefined {
    const job = this.jobs.get(id);
    return job && job.reviewId === reviewId ? job : undefined;
  }

  /** Moves the uploaded files into a staging folder and starts reading them in a worker. */
  async start(reviewId: number, actorId: number, search: SearchDetails, uploads: UploadedFile[]): Promise<ImportJob> {
    await this.sweep();
    const id = randomUUID();
    const dir = join(this.paths.stagingDir, id);
    await mkdir(dir, { recursive: true });
    const files: JobFile[] = [];
    for (const [index, upload] of uploads.entries()) {
      const stagedPath = join(dir, `${index}.upload`);
      await rename(upload.tempPath, stagedPath);
      files.push({ fileName: upload.fileName, size: upload.size, sha256: upload.sha256, stagedPath, recordsPath: join(dir, `${index}.jsonl`) });
    }
    const job: ImportJob = { id, reviewId, actorId, createdAt: Date.now(), search, files, state: 'reading', progress: 'Starting…' };
    this.jobs.set(id, job);
    void this.parse(job);
    return job;
  }

  private async parse(job: ImportJob): Promise<void> {
    const task = { task: 'parse' as const, files: job.files.map((f) => ({ path: f.stagedPath, fileName: f.fileName, recordsPath: f.recordsPath })) };
    try {
      await runImportWorker(task, this.timeLimitMs, (message) => {
        if (message.type === 'progress') job.progress = message.message;
        else if (message.type === 'parsed') job.files[message.index]!.summary = message.summary;
        else if (message.type === 'unreadable') job.files[message.index]!.unreadable = message.message;
      });
      job.state = 'ready';
    } catch (error) {
      if (!(error instanceof TimeLimitError)) this.logError(error);
      job.state = 'failed';
      job.error = error instanceof TimeLimitError
        ? `Reading the files took too long and was ${error.message}. Is each file really a reference export? Try them one at a time.`
        : 'Reading the files failed unexpectedly. Nothing was imported; try again, one file at a time.';
      // A failed preview can never be committed, so its staged files go now rather than in a day.
      await this.discard(job);
    }
  }

  /**
   * Files the originals by hash, then stores every readable file as a batch in one transaction (in a
   * worker, on its own connection), then checks the new records for duplicates in a second one. The
   * job shows as committed once that check reports (or fails); from the first commit on, nothing may
   * make the job committable again.
   * Resolves with the batch ids; rejects, with nothing stored and the job ready again, on failure.
   */
  async commit(job: ImportJob): Promise<number[]> {
    if (job.state !== 'ready') throw new Error(`cannot commit an import that is ${job.state}`);
    job.state = 'committing';
    const readable = job.files.filter((f) => f.summary);
    const task = {
      task: 'commit' as const,
      databaseFile: this.paths.databaseFile,
      reviewId: job.reviewId,
      actorId: job.actorId,
      batches: readable.map((f) => ({ search: job.search, file: { fileName: f.fileName, size: f.size, sha256: f.sha256 }, summary: f.summary!, recordsPath: f.recordsPath })),
    };
    let committed = false;
    try {
      for (const file of readable) await keepOriginal(this.paths.originalsDir, file.sha256, file.stagedPath, 'link');
      await runImportWorker(task, this.timeLimitMs, (message) => {
        if (message.type === 'progress') job.progress = message.message;
        else if (message.type === 'committed') {
          committed = true;
          job.batchIds = message.batchIds;
          job.state = 'checking';
        } else if (message.type === 'duplicates') {
          job.duplicates = message.result;
          if (message.result === null) job.error = DUPLICATE_CHECK_FAILED;
          job.state = 'committed';
        }
      });
    } catch (error) {
      if (!committed) {
        job.state = 'ready';
        job.progress = '';
        throw error;
      }
      this.logError(error);
    }
    // Committed but the worker ended before reporting its duplicate check.
    if (job.duplicates === undefined) {
      job.duplicates = null;
      job.error ??= DUPLICATE_CHECK_FAILED;
      job.state = 'committed';
    }
    await this.discard(job);
    return job.batchIds ?? [];
  }

  async cancel(job: ImportJob): Promise<void> {
    if (job.state === 'committing' || job.state === 'checking' || job.state === 'committed') return;
    job.state = 'cancelled';
    this.jobs.delete(job.id);
    await this.discard(job);
  }

  private async discard(job: ImportJob): Promise<void> {
    await rm(join(this.paths.stagingDir, job.id), { recursive: true, force: true });
  }

  private async sweep(): Promise<void> {
    const cutoff = Date.now() - PREVIEW_LIFETIME_MS;
    for (const job of this.jobs.values()) {
      if (job.createdAt < cutoff && job.state !== 'committing' && job.state !== 'checking') {
        this.jobs.delete(job.id);
        await this.discard(job);
      }
    }
  }
}
