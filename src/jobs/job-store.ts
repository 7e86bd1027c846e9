/**
 * Jobs as rows (migration 0010): queued by whoever asks for the work, claimed with a lease by the
 * process that does it, finished or failed with a message a person can read. The database is the
 * truth, so any page of any process tells where a job stands, and a restart resumes what a crash
 * interrupted.
 *
 * ```ts
 * const id = await enqueueJob(trx, { reviewId, kind: 'dedup', payload: {}, createdBy });
 * const job = await claimNext(db, THIS_PROCESS);          // null when nothing is ready to run
 * await reportProgress(db, job.id, 'Linked 200 of 3,000 groups');
 * await finishJob(db, job.id, THIS_PROCESS);
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database, JobKind, JobRow, JobState } from '../db/schema.js';
import { ownerIsGone } from './job-owner.js';

export interface Job {
  id: number;
  reviewId: number;
  kind: JobKind;
  state: JobState;
  payload: Record<string, unknown>;
  result: Record<string, number>;
  progress: string;
  error: string | null;
  attempts: number;
  createdBy: number | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A claim holds this long without renewal; the runner renews well within it. */
export const LEASE_MS = 30_000;
// A job that took its process down this often is not tried again (it would only do it again).
const MAX_ATTEMPTS = 3;
// Kinds that write a review's records: one at a time per review, so a duplicate check sees a whole import.
const EXCLUSIVE: readonly JobKind[] = ['import-commit', 'dedup'];

const toJob = (row: JobRow): Job => ({
  id: row.id,
  reviewId: row.reviewId,
  kind: row.kind,
  state: row.state,
  payload: JSON.parse(row.payloadJson) as Record<string, unknown>,
  result: JSON.parse(row.resultJson) as Record<string, number>,
  progress: row.progress,
  error: row.error,
  attempts: row.attempts,
  createdBy: row.createdBy,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
});

const nowIso = () => new Date().toISOString();
const leaseFrom = (now: number) => new Date(now + LEASE_MS).toISOString();

export async function enqueueJob(
  trx: Kysely<Database>,
  job: { reviewId: number; kind: JobKind; payload?: Record<string, unknown>; createdBy: number | null },
): Promise<number> {
  const { id } = await trx
    .insertInto('job')
    .values({ reviewId: job.reviewId, kind: job.kind, payloadJson: JSON.stringify(job.payload ?? {}), createdBy: job.createdBy, createdAt: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findJob(db: Kysely<Database>, id: number): Promise<Job | undefined> {
  const row = await db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

/** The review's newest job of a kind, whatever its state. */
export async function latestJob(db: Kysely<Database>, reviewId: number, kind: JobKind): Promise<Job | undefined> {
  const row = await db.selectFrom('job').selectAll().where('reviewId', '=', reviewId).where('kind', '=', kind).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && toJob(row);
}

export const isActive = (job: Pick<Job, 'state'>) => job.state === 'queued' || job.state === 'running';

/**
 * Puts back in the queue every running job whose owner is gone (its lease ran out, or it was an
 * earlier run of a process on this host); one that has already been tried MAX_ATTEMPTS times
 * fails instead. Returns how many were queued again.
 */
export async function requeueAbandoned(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const isGone = (j: { claimedBy: string | null; leaseUntil: string | null }) =>
    j.leaseUntil === null || Date.parse(j.leaseUntil) < now || (j.claimedBy !== null && ownerIsGone(j.claimedBy));
  const running = (trx: Kysely<Database>) => trx.selectFrom('job').select(['id', 'claimedBy', 'leaseUntil', 'attempts']).where('state', '=', 'running').execute();
  // Read first: this runs every second, and most of the time nothing is abandoned.
  if (!(await running(db)).some(isGone)) return 0;
  return db.transaction().execute(async (trx) => {
    const gone = (await running(trx)).filter(isGone);
    for (const job of gone) {
      const retry = job.attempts < MAX_ATTEMPTS;
      await trx
        .updateTable('job')
        .set(retry
          ? { state: 'queued', claimedBy: null, leaseUntil: null, progress: 'Interrupted; it resumes where it stopped.' }
          : { state: 'failed', claimedBy: null, leaseUntil: null, finishedAt: nowIso(), error: `The server stopped ${MAX_ATTEMPTS} times while doing this, so it was paused rather than started again by itself. Start it again once the server runs steadily; if it stops again, tell your administrator.` })
        .where('id', '=', job.id)
        .execute();
    }
    return gone.filter((j) => j.attempts < MAX_ATTEMPTS).length;
  });
}

/**
 * Claims the oldest queued job that may run now (of `kinds`, when given): an exclusive kind only
 * while no other exclusive job of its review runs. Resolves null when there is none.
 */
export async function claimNext(db: Kysely<Database>, owner: string, options: { kinds?: readonly JobKind[]; now?: number } = {}): Promise<Job | null> {
  const now = options.now ?? Date.now();
  const queued = await db.selectFrom('job').select('id').where('state', '=', 'queued').limit(1).executeTakeFirst();
  if (!queued) return null;
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('job as j')
      .select('j.id')
      .where('j.state', '=', 'queued')
      .where((eb) =>
        eb.or([
          eb('j.kind', 'not in', EXCLUSIVE),
          eb.not(eb.exists(eb.selectFrom('job as r').select('r.id').whereRef('r.reviewId', '=', 'j.reviewId').where('r.state', '=', 'running').where('r.kind', 'in', EXCLUSIVE))),
        ]),
      )
      .orderBy('j.id')
      .limit(1);
    if (options.kinds) query = query.where('j.kind', 'in', options.kinds);
    const next = await query.executeTakeFirst();
    return next ? claim(trx, next.id, owner, now) : null;
  });
}

/** Claims one queued job by id (the command line runs the jobs it queued itself); null when someone else has it. */
export async function claimJob(db: Kysely<Database>, id: number, owner: string, now = Date.now()): Promise<Job | null> {
  return db.transaction().execute((trx) => claim(trx, id, owner, now));
}

async function claim(trx: Kysely<Database>, id: number, owner: string, now: number): Promise<Job | null> {
  const row = await trx
    .updateTable('job')
    .set((eb) => ({ state: 'running', claimedBy: owner, leaseUntil: leaseFrom(now), attempts: eb('attempts', '+', 1), startedAt: eb.fn.coalesce('startedAt', eb.val(new Date(now).toISOString())) }))
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  return row ? toJob(row) : null;
}

/** Keeps `owner`'s claims alive. */
export async function renewLeases(db: Kysely<Database>, owner: string, ids: readonly number[], now = Date.now()): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction().execute((trx) =>
    trx.updateTable('job').set({ leaseUntil: leaseFrom(now) }).where('id', 'in', ids).where('claimedBy', '=', owner).where('state', '=', 'running').execute(),
  );
}

export async function reportProgress(db: Kysely<Database>, id: number, progress: string): Promise<void> {
  await db.transaction().execute((trx) => trx.updateTable('job').set({ progress }).where('id', '=', id).execute());
}

/**
 * Adds to the job's running totals, inside the transaction that did the work they count, so a job
 * resumed after a crash still reports the whole of what it did.
 */
export async function addToResult<T extends { [K in keyof T]: number }>(trx: Kysely<Database>, id: number, delta: T): Promise<void> {
  const { resultJson } = await trx.selectFrom('job').select('resultJson').where('id', '=', id).executeTakeFirstOrThrow();
  const result = JSON.parse(resultJson) as Record<string, number>;
  for (const [key, value] of Object.entries<number>(delta)) result[key] = (result[key] ?? 0) + value;
  await trx.updateTable('job').set({ resultJson: JSON.stringify(result) }).where('id', '=', id).execute();
}

/** Ends `owner`'s claim: done, or failed with a message a person can act on. */
export async function settleJob(db: Kysely<Database>, id: number, owner: string, outcome: { error?: string } = {}): Promise<void> {
  await db.transaction().execute((trx) =>
    trx
      .updateTable('job')
      .set({ state: outcome.error === undefined ? 'done' : 'failed', error: outcome.error ?? null, progress: '', claimedBy: null, leaseUntil: null, finishedAt: nowIso() })
      .where('id', '=', id)
      .where('claimedBy', '=', owner)
      .execute(),
  );
}

/** Gives `owner`'s running jobs back to the queue (a graceful shutdown): the next start resumes them. */
export async function releaseJobs(db: Kysely<Database>, owner: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction().execute((trx) =>
    trx
      .updateTable('job')
      .set((eb) => ({ state: 'queued', claimedBy: null, leaseUntil: null, attempts: eb('attempts', '-', 1), progress: 'Paused by a restart; it resumes where it stopped.' }))
      .where('id', 'in', ids)
      .where('claimedBy', '=', owner)
      .where('state', '=', 'running')
      .execute(),
  );
}

/** Queues a finished (failed) job again, as a person asking to try once more. */
export async function retryJob(trx: Kysely<Database>, id: number): Promise<void> {
  await trx.updateTable('job').set({ state: 'queued', error: null, attempts: 0, finishedAt: null, progress: '' }).where('id', '=', id).where('state', '=', 'failed').execute();
}
