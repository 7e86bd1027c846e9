import type { Worker } from 'node:worker_threads';
import type { Db, DatabaseLocation } from '../db/database.js';
import type { JobKindDefinition } from './job-kind.js';
import { THIS_PROCESS } from './job-owner.js';
import { claimNext, LEASE_MS, releaseJobs, renewLeases, requeueAbandoned, settleJob, type Job } from './job-store.js';
import type { JobWorkerData, JobWorkerMessage } from './job-worker.js';
import { startTsWorker } from '../workers/ts-worker.js';

const JOB_WORKER = new URL('./job-worker.ts', import.meta.url).href;

export interface RunnerOptions {
  database: DatabaseLocation;
  dataDir: string;
  kinds: readonly JobKindDefinition[];
  /** Unexpected failures go to the server log; people read the kind's failureMessage. */
  logError(error: unknown, message: string): void;
  /** Jobs at once: each is a worker thread, and the machine the server runs on may have two cores. */
  concurrency?: number;
  /** How often the queue is looked at when nobody calls wake(). */
  pollMs?: number;
}

/**
 * Runs the server's queued jobs, each in a worker thread of its own: claims them with a lease,
 * renews it while they work, settles them when their worker ends, and on start takes back what an
 * earlier run of the server left running. Routes call wake() right after queueing a job.
 */
export class JobRunner {
  private readonly running = new Map<number, Worker>();
  private readonly kinds: Map<string, JobKindDefinition>;
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly options: RunnerOptions,
  ) {
    this.kinds = new Map(options.kinds.map((k) => [k.kind, k]));
  }

  start(): void {
    this.timers = [
      setInterval(() => this.wake(), this.options.pollMs ?? 1000),
      setInterval(() => void this.renew(), LEASE_MS / 6),
    ];
    this.wake();
  }

  /** Looks at the queue now (coalesced: a call during a look makes one more look after it). */
  wake(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll()
      .catch((error: unknown) => this.options.logError(error, 'job queue could not be read'))
      .finally(() => {
        this.polling = null;
        if (this.pollAgain) {
          this.pollAgain = false;
          this.wake();
        }
      });
  }

  private async poll(): Promise<void> {
    await requeueAbandoned(this.db.kysely);
    const kinds = [...this.kinds.keys()] as Job['kind'][];
    while (!this.stopping && this.running.size < (this.options.concurrency ?? 2)) {
      const job = await claimNext(this.db.kysely, THIS_PROCESS, { kinds });
      if (!job) return;
      this.run(job, this.kinds.get(job.kind)!);
    }
  }

  private run(job: Job, kind: JobKindDefinition): void {
    const data: JobWorkerData = { jobId: job.id, module: kind.module, database: this.options.database, dataDir: this.options.dataDir, turns: this.db.turns.buffer };
    const worker = startTsWorker(JOB_WORKER, data, ['kysely', 'better-sqlite3', 'pg', ...(kind.packages ?? [])]);
    this.running.set(job.id, worker);
    let outcome: JobWorkerMessage | { type: 'timeout' } | undefined;
    const limit = kind.timeLimit && setTimeout(() => {
      outcome = { type: 'timeout' };
      void worker.terminate();
    }, kind.timeLimit.ms);
    worker.on('message', (message: JobWorkerMessage) => { outcome ??= message; });
    worker.on('error', (error) => { outcome ??= { type: 'failed', message: null, detail: error.stack ?? error.message }; });
    worker.on('exit', () => {
      if (limit) clearTimeout(limit);
      this.running.delete(job.id);
      if (this.stopping) return;
      void this.settle(job, kind, outcome).finally(() => this.wake());
    });
  }

  private async settle(job: Job, kind: JobKindDefinition, outcome: JobWorkerMessage | { type: 'timeout' } | undefined): Promise<void> {
    try {
      if (outcome?.type === 'done') {
        await settleJob(this.db.kysely, job.id, THIS_PROCESS);
        return;
      }
      let error = kind.failureMessage;
      if (outcome?.type === 'timeout') error = kind.timeLimit!.message;
      else if (outcome?.type === 'failed' && outcome.message !== null) error = outcome.message;
      else this.options.logError(new Error(outcome?.type === 'failed' ? outcome.detail : 'the worker ended without a word'), `${job.kind} job ${job.id} failed`);
      await kind.onFailure?.(job);
      await settleJob(this.db.kysely, job.id, THIS_PROCESS, { error });
    } catch (error) {
      // The job stays claimed; its lease runs out and another look queues it again.
      this.options.logError(error, `${job.kind} job ${job.id} could not be settled`);
    }
  }

  private async renew(): Promise<void> {
    try {
      await renewLeases(this.db.kysely, THIS_PROCESS, [...this.running.keys()]);
    } catch (error) {
      this.options.logError(error, 'job leases could not be renewed');
    }
  }

  /** Stops the workers and gives their jobs back to the queue: the next start resumes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.polling;
    const ids = [...this.running.keys()];
    await Promise.all([...this.running.values()].map((worker) => worker.terminate()));
    await releaseJobs(this.db.kysely, THIS_PROCESS, ids);
  }
}
