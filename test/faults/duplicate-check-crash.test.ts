import { afterAll, describe, expect, it } from 'vitest';
import { findDuplicates, groupDuplicates } from '../../src/dedup/find-duplicates.js';
import { latestCheck, requestDuplicateCheck } from '../../src/dedup/duplicate-checks.js';
import { dedupCorpus } from '../bench/dedup-corpus.js';
import { storeCorpus } from '../bench/dedup-store.js';
import { countersAndRecount } from '../support/recount.js';
import { faultScene, until } from './fault-support.js';

// Large enough that linking takes a second or so (about 1,800 groups in chunks), so the kill lands half-way.
const RECORDS = 30_000;

describe('a duplicate check killed half-way (kill -9)', () => {
  const scene = faultScene('coreview-dedup-crash-');
  afterAll(() => scene.close());

  it('resumes after a restart and links every duplicate, with nobody acting, each pair stored once', { timeout: 180_000 }, async () => {
    const corpus = dedupCorpus(RECORDS, { seed: 7 });
    const stored = await storeCorpus(scene.dataDir, corpus.records);
    const { reviewId } = stored.ctx;
    await requestDuplicateCheck(stored.db.kysely, stored.ctx);
    await stored.db.close();
    // What a whole check finds, worked out in memory.
    const pairs = findDuplicates(corpus.records);
    const groups = groupDuplicates(pairs.filter((p) => p.kind === 'certain'), corpus.records);
    const linked = groups.reduce((n, g) => n + g.members.length - 1, 0);
    expect(groups.length).toBeGreaterThan(1000);

    let server = await scene.start();
    const db = scene.reader();
    const merges = () => db.sqlite.prepare('SELECT count(*) FROM merge_event WHERE review_id = ?').pluck().get(reviewId) as number;
    await until('the check to start linking', async () => (merges() > 0 ? true : undefined), { everyMs: 5 });
    await server.kill();

    const interrupted = (await latestCheck(db.kysely, reviewId))!;
    expect(interrupted.state).toBe('running');
    const mergedBeforeKill = merges();
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
    expect(merges()).toBe(groups.length);
    // The records were written straight into the file, so only the duplicate counters are the check's.
    const { counters, recount } = await countersAndRecount(db, reviewId, ['duplicates_marked', 'duplicates_pending']);
    expect(counters).toEqual(recount);
    expect(recount.duplicates_marked).toBe(linked);
    // Both runs' work is in the job's totals.
    expect(done.result).toEqual(expect.objectContaining({ linked, merges: groups.length, newPairs: pairs.length }));
    expect(db.sqlite.prepare('SELECT count(*) FROM duplicate_pair WHERE review_id = ?').pluck().get(reviewId)).toBe(pairs.length);
  });
});
