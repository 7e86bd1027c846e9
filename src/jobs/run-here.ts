import type { Db } from '../db/database.js';
import { messageForPeople, jobContext, type JobHandler } from './job-context.js';
import type { JobKindDefinition } from './job-kind.js';
import { THIS_PROCESS } from './job-owner.js';
import { claimJob, findJob, isActive, LEASE_MS, renewLeases, settleJob, type Job } from './job-store.js';

const WAIT_POLL_MS = 250;

/**
 * Runs one queued job in this process and resolves with it settled: the `coreview` command runs
 * the jobs it queues itself, claimed exactly as the server claims them, so a server running beside
 * it never runs them twice, and takes them over if this process is killed. Should the server have
 * claimed it first, this waits for the server to finish it.
 */
export async function runJobHere(db: Db, kind: JobKindDefinition, jobId: number, dataDir: string): Promise<Job> {
  const job = await claimJob(db.kysely, jobId, THIS_PROCESS);
  if (job) await runClaimed(db, kind, job, dataDir);
  for (;;) {
    const now = await findJob(db.kysely, jobId);
    if (!now) throw new Error(`job ${jobId} does not exist`);
    if (!isActive(now)) return now;
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

async function runClaimed(db: Db, kind: JobKindDefinition, job: Job, dataDir: string): Promise<void> {
  const lease = setInterval(() => void renewLeases(db.kysely, THIS_PROCESS, [job.id]).catch(() => undefined), LEASE_MS / 6);
  try {
    const { run } = (await import(kind.module)) as { run: JobHandler };
    await run(jobContext(job, db.kysely, db.turns, dataDir));
    await settleJob(db.kysely, job.id, THIS_PROCESS);
  } catch (error) {
    await kind.onFailure?.(job);
    await settleJob(db.kysely, job.id, THIS_PROCESS, { error: messageForPeople(error) ?? `${kind.failureMessage} (${error instanceof Error ? error.message : String(error)})` });
  } finally {
    clearInterval(lease);
  }
}
