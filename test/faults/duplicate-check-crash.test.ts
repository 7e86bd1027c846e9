import { afterAll, describe, expect, it } from 'vitest';
import { findDuplicates, groupDuplicates } from '../../src/dedup/find-duplicates.js';
import { latestCheck, requestDuplicateCheck } from '../../src/dedup/duplicate-checks.js';
import { dedupCorpus } from '../bench/dedup-corpus.js';
import { storeCorpusIn } from '../bench/dedup-store.js';
import { queryValue } from '../support/data-dir-query.js';
import { countersAndRecount } from '../support/recount.js';
import { faultScene, until } from './fault-support.js';

// Large enough that linking takes a second or so (about 1,800 groups in chunks), so the kill lands half-way.
const RECORDS = 30_000;

describe('a duplicate check killed half-way (kill -9)', () => {
  const scene = faultScene('coreview-dedup-crash-');
  afterAll(() => scene.close());

  it('resumes after a restart and links every duplicate, with nobody acting, each pair stored once', { timeout: 180_000 }, async () => {
    const corpus = dedupCorpus(RECORDS, { seed: 7 });
    const db = await scene.reader();
    const ctx = await storeCorpusIn(db.kysely, corpus.records);
    const { reviewId } = ctx;
    await requestDuplicateCheck(db.kysely, ctx);
    // What a whole check finds, worked out in memory.
    const pairs = findDuplicates(corpus.records);
    const groups = groupDuplicates(pairs.filter((p) => p.kind === 'certain'), corpus.records);
    const linked = groups.reduce((n, g) => n + g.members.length - 1, 0);
    expect(groups.length).toBeGreaterThan(1000);

    let server = await scene.start();
    const merges = () => queryValue<number>(db, 'SELECT count(*) AS n FROM merge_event WHERE review_id = ?', reviewId);
    await until('the check to start linking', async () => ((await merges()) > 0 ? true : undefined), { everyMs: 5 });
    await server.kill();

    const interrupted = (await latestCheck(db.kysely, reviewId))!;
    expect(interrupted.state).toBe('running');
    const mergedBeforeKill = await merges();
    expect(mergedBeforeKill).toBeGreaterThan(0);
    expect(mergedBeforeKill).toBeLessThan(groups.length);

    server = await scene.start();
    const done = await until('the check to finish', async () => {
      const check = (await latestCheck(db.kysely, reviewId))!;
      return check.state === 'done' || check.state === 'failed' ? check : undefined;
    }, { everyMs: 100 });
    await server.stop();

    expect(done.state).toBe('done');
    expect(done.attempts).toBe(2);
    expect(await merges()).toBe(groups.length);
    // The records were written straight into the database, so only the duplicate counters are the check's.
    const { counters, recount } = await countersAndRecount(db, reviewId, ['duplicates_marked', 'duplicates_pending']);
    expect(counters).toEqual(recount);
    expect(recount.duplicates_marked).toBe(linked);
    // Both runs' work is in the job's totals.
    expect(done.result).toEqual(expect.objectContaining({ linked, merges: groups.length, newPairs: pairs.length }));
    expect(await queryValue(db, 'SELECT count(*) AS n FROM duplicate_pair WHERE review_id = ?', reviewId)).toBe(pairs.length);
  });
});
