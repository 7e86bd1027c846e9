import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rankerClaim } from '../../../src/ranker/ranker-claim.js';
import { decide } from '../../../src/screening/screening-service.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import { waitUntilRanked } from '../../support/ranked.js';
import { insertSearch, reviewIdOf } from '../../support/record-fixtures.js';
import { byTopic, RELEVANCE_RECORDS } from '../../support/relevance-records.js';
import { createReview, createTestApp, setupOwner } from '../../support/test-app.js';
import { databaseEnvFor, dropDatabaseFor, withAdmin } from '../../support/test-database.js';

const TA = 'title_abstract' as const;

/** The sessions holding the ranker's claim on `database`, and how many connections try for it. */
const claimants = (database: string) =>
  withAdmin(async (client) => {
    const holders = await client.query<{ pid: number }>(
      "select l.pid from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and l.classid = 17238 and l.objid = 3 and l.granted and d.datname = $1",
      [database],
    );
    const trying = await client.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = $1 and application_name = 'coreview ranker claim'", [database]);
    return { holders: holders.rows.map((r) => r.pid), trying: Number(trying.rows[0]!.n) };
  });

/**
 * Several Coreview processes on one PostgreSQL database: the ranker thread runs in one of them at a
 * time, and another takes over when that one ends. (SQLite has one server process: nothing to claim.)
 */
// Runs in the PostgreSQL run only (*.postgres.test.ts): the claim is PostgreSQL's (SQLite has one process per file).
describe('the ranker on a database shared by several processes', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('is claimed by one session at a time, and free again when that session ends', async () => {
    // A database of its own, with no app: an app's ranker would take the claim itself.
    const dir = mkdtempSync(join(tmpdir(), 'coreview-claim-'));
    cleanup.push(async () => {
      await dropDatabaseFor(dir);
      rmSync(dir, { recursive: true, force: true });
    });
    const url = (await databaseEnvFor(dir)).COREVIEW_DATABASE_URL!;
    const location = { kind: 'postgres' as const, url, poolSize: 1 };
    const [first, second] = [rankerClaim(location), rankerClaim(location)];
    let lost = false;
    first.onLost(() => { lost = true; });
    expect(await first.take()).toBe(true);
    expect(await second.take()).toBe(false);
    expect(await first.take()).toBe(true);
    await first.release();
    expect(await second.take()).toBe(true);
    expect(await first.take()).toBe(false);

    // A session the server ends (a failover, an administrator) loses the claim, and says so.
    const third = rankerClaim(location);
    third.onLost(() => { lost = true; });
    await second.release();
    expect(await third.take()).toBe(true);
    const name = new URL(url).pathname.slice(1);
    const [holder] = (await claimants(name)).holders;
    await withAdmin((client) => client.query('select pg_terminate_backend($1)', [holder]));
    await expect.poll(() => lost).toBe(true);
    await third.release();
  });

  it('runs in one of two app processes, and in the other once the first has closed', async () => {
    const a = await createTestApp();
    let aOpen = true;
    cleanup.push(async () => {
      if (aOpen) await a.app.close();
      await dropDatabaseFor(a.dataDir);
      rmSync(a.dataDir, { recursive: true, force: true });
    });
    if (a.config.database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = a.config.database.url;
    const name = new URL(url).pathname.slice(1);
    const owner = await setupOwner(a.app);
    await createReview(owner, { title: 'Desistance', slug: 'desistance' });
    const reviewId = await reviewIdOf(a.app.db, 'desistance');
    const { onTopic, offTopic } = byTopic((await insertSearch(a.app.db, reviewId, RELEVANCE_RECORDS)).ids);
    const ownerId = (await a.app.db.selectFrom('account').select('id').where('email', '=', 'owner@example.org').executeTakeFirstOrThrow()).id;
    const as = { reviewId, actorId: ownerId };
    const choose = (recordId: number, decision: 'include' | 'exclude') => ({ recordId, stage: TA, decision, reasonId: null, note: '', labels: [] });
    await changeSettings(a.app.db, as, TA, { reviewersNeeded: 1, blind: false, recordOrder: 'relevance', orderSeed: 3, maybeAdvances: true, arbiterId: null });
    await waitUntilRanked(a.app.db, reviewId);
    const [aHolder] = (await claimants(name)).holders;
    expect(aHolder).toBeDefined();

    // A second process on the same database: it looks, but the first keeps ranking.
    const b = await createTestApp({ COREVIEW_DATABASE_URL: url });
    cleanup.push(() => b.close());
    await decide(b.app.db, as, choose(onTopic[0]!, 'include'));
    await decide(b.app.db, as, choose(offTopic[0]!, 'exclude'));
    await waitUntilRanked(b.app.db, reviewId);
    await expect.poll(async () => (await claimants(name)).trying).toBe(2);
    expect((await claimants(name)).holders).toEqual([aHolder]);
    expect(await b.app.db.selectFrom('rankingStage').select(['rankedBy', 'relevantLabels']).where('reviewId', '=', reviewId).where('stage', '=', TA).executeTakeFirst()).toEqual({ rankedBy: 'model', relevantLabels: 1 });

    // The first closes: the second takes over and ranks the next decisions.
    await a.app.close();
    aOpen = false;
    await decide(b.app.db, as, choose(onTopic[1]!, 'include'));
    await waitUntilRanked(b.app.db, reviewId);
    const after = await claimants(name);
    expect(after.holders).toHaveLength(1);
    expect(after.holders[0]).not.toBe(aHolder);
    expect(after.trying).toBe(1);
    expect((await b.app.db.selectFrom('rankingStage').select('relevantLabels').where('reviewId', '=', reviewId).where('stage', '=', TA).executeTakeFirstOrThrow()).relevantLabels).toBe(2);
  });
});
