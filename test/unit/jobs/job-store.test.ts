import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THIS_PROCESS } from '../../../src/jobs/job-owner.js';
import { addToResult, claimJob, claimNext, enqueueJob, findJob, LEASE_MS, releaseJobs, renewLeases, requeueAbandoned, settleJob } from '../../../src/jobs/job-store.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

/** An owner name for a process on this host that has certainly ended. */
function goneProcess(): string {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return `${hostname()} ${child.stdout.toString()} some-token`;
}
/** An owner on this host that is alive: the process that started the tests. */
const liveProcess = () => `${hostname()} ${process.ppid} its-token`;
/** A server on another host: this one cannot tell whether it is alive. */
const elsewhere = 'other-host 4242 token';

describe('jobs as rows', () => {
  let s: ScreeningDb;
  let other: number;
  beforeEach(async () => {
    s = await screeningDb();
    const now = new Date().toISOString();
    other = (await s.db.kysely.insertInto('review').values({ slug: 'other', title: 'Other', question: '', description: '', createdBy: s.owner, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(() => s.close());

  const enqueue = (kind: 'import-read' | 'import-commit' | 'dedup', reviewId = s.reviewId) => s.db.kysely.transaction().execute((trx) => enqueueJob(trx, { reviewId, kind, createdBy: s.owner }));
  const state = async (id: number) => (await findJob(s.db.kysely, id))!.state;

  it('claims the oldest queued job, one claimant only', async () => {
    const first = await enqueue('dedup');
    const second = await enqueue('dedup', other);
    const claimed = await claimNext(s.db.kysely, 'a 1 x');
    expect(claimed).toMatchObject({ id: first, state: 'running', attempts: 1 });
    expect(await claimJob(s.db.kysely, first, 'b 2 y')).toBeNull();
    expect((await claimNext(s.db.kysely, 'b 2 y'))!.id).toBe(second);
    expect(await claimNext(s.db.kysely, 'c 3 z')).toBeNull();
  });

  it('runs one writing job per review at a time, while reading an upload never waits', async () => {
    const commit = await enqueue('import-commit');
    const check = await enqueue('dedup');
    const read = await enqueue('import-read');
    const elsewhereCheck = await enqueue('dedup', other);
    expect((await claimNext(s.db.kysely, 'a 1 x'))!.id).toBe(commit);
    // The check of the same review waits for the import; the read and the other review's check do not.
    expect((await claimNext(s.db.kysely, 'a 1 x'))!.id).toBe(read);
    expect((await claimNext(s.db.kysely, 'a 1 x'))!.id).toBe(elsewhereCheck);
    expect(await claimNext(s.db.kysely, 'a 1 x')).toBeNull();
    await settleJob(s.db.kysely, commit, 'a 1 x');
    expect((await claimNext(s.db.kysely, 'a 1 x'))!.id).toBe(check);
  });

  it('queues again at once what a process that is gone left running, and waits out the lease of one that may be alive', async () => {
    const ids = [await enqueue('dedup'), await enqueue('dedup', other), await enqueue('import-read')];
    const owners = [goneProcess(), liveProcess(), elsewhere];
    for (const [i, id] of ids.entries()) await claimJob(s.db.kysely, id, owners[i]!);

    expect(await requeueAbandoned(s.db.kysely)).toBe(1);
    expect(await Promise.all(ids.map(state))).toEqual(['queued', 'running', 'running']);
    // Past the lease, nobody is waited for any longer.
    expect(await requeueAbandoned(s.db.kysely, Date.now() + LEASE_MS + 1)).toBe(2);
    expect(await Promise.all(ids.map(state))).toEqual(['queued', 'queued', 'queued']);
  });

  it('a renewed lease keeps its job, and an earlier run of this same process counts as gone', async () => {
    const id = await enqueue('dedup');
    await claimJob(s.db.kysely, id, liveProcess(), Date.now() - LEASE_MS);
    await renewLeases(s.db.kysely, liveProcess(), [id]);
    expect(await requeueAbandoned(s.db.kysely)).toBe(0);

    const mine = await enqueue('dedup', other);
    await claimJob(s.db.kysely, mine, `${hostname()} ${process.pid} an-earlier-start`);
    expect(await requeueAbandoned(s.db.kysely)).toBe(1);
    expect(await state(mine)).toBe('queued');
  });

  it('stops a job that keeps taking its process down, with a message', async () => {
    const id = await enqueue('dedup');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await claimJob(s.db.kysely, id, goneProcess());
      await requeueAbandoned(s.db.kysely);
    }
    expect(await findJob(s.db.kysely, id)).toMatchObject({ state: 'failed', attempts: 3, error: expect.stringContaining('The server stopped 3 times while doing this') });
  });

  it('only the claimant settles a job; a graceful stop gives it back without counting an attempt', async () => {
    const id = await enqueue('dedup');
    await claimJob(s.db.kysely, id, THIS_PROCESS);
    await settleJob(s.db.kysely, id, 'someone else', { error: 'no' });
    expect(await state(id)).toBe('running');
    await releaseJobs(s.db.kysely, THIS_PROCESS, [id]);
    expect(await findJob(s.db.kysely, id)).toMatchObject({ state: 'queued', attempts: 0 });
    await claimJob(s.db.kysely, id, THIS_PROCESS);
    await settleJob(s.db.kysely, id, THIS_PROCESS, { error: 'The file is gone.' });
    expect(await findJob(s.db.kysely, id)).toMatchObject({ state: 'failed', error: 'The file is gone.' });
  });

  it('keeps running totals that survive a resumed job', async () => {
    const id = await enqueue('dedup');
    await s.db.kysely.transaction().execute((trx) => addToResult(trx, id, { linked: 3, queued: 1 }));
    await s.db.kysely.transaction().execute((trx) => addToResult(trx, id, { linked: 2, merges: 1 }));
    expect((await findJob(s.db.kysely, id))!.result).toEqual({ linked: 5, queued: 1, merges: 1 });
  });
});
