import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkSummary, decideMany } from '../../../src/screening/bulk-decide.js';
import { syncTitleAbstractItems } from '../../../src/screening/screening-items.js';
import { decide } from '../../../src/screening/screening-service.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { countersAndTruth, screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

const TA = 'title_abstract' as const;
let s: ScreeningDb;
let ids: number[];
let ada: number, ben: number;

beforeEach(async () => {
  s = await screeningDb(['Ada', 'Ben']);
  [ada, ben] = s.reviewers as [number, number];
  ({ ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 12 }, (_, i) => ({ title: `Bulk study ${i + 1}` }))));
  await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
});

afterEach(async () => {
  await s.close();
});

const bulk = { stage: TA, decision: 'exclude' as const, reasonId: null };
const decisionsBy = (reviewerId: number) => s.db.sqlite.prepare('SELECT record_id FROM screening_decision WHERE reviewer_id = ? ORDER BY record_id').pluck().all(reviewerId);

describe('bulk decisions in chunks', () => {
  it('commits chunk by chunk, so a reviewer’s own decision gets in between chunks rather than after the whole run', async () => {
    // Ben decides while the first chunk is being written (its first row fires the trigger).
    let single: Promise<boolean> | undefined;
    s.db.sqlite.function('ben_decides', () => {
      single ??= decide(s.db.kysely, { reviewId: s.reviewId, actorId: ben }, { recordId: ids[11]!, stage: TA, decision: 'include', reasonId: null, note: '', labels: [] });
      return null;
    });
    s.db.sqlite.exec(`CREATE TEMP TRIGGER ben_decides AFTER INSERT ON screening_decision WHEN new.record_id = ${ids[0]} BEGIN SELECT ben_decides(); END`);
    const outcome = await decideMany(s.db.kysely, { reviewId: s.reviewId, actorId: ada }, { ...bulk, recordIds: ids.slice(0, 10) }, { records: 4, ms: 1000 });
    expect(await single).toBe(true);
    expect(outcome).toEqual({ decided: 10, unchanged: 0, skipped: [], stopped: null });
    // History in commit order: Ben's decision lands after the first chunk of four, not after all ten.
    const order = s.db.sqlite.prepare('SELECT reviewer_id FROM screening_event ORDER BY id').pluck().all();
    expect(order.indexOf(ben)).toBe(4);
    const { counters, truth } = await countersAndTruth(s.db, s.reviewId);
    expect(counters).toEqual(truth);
  });

  it('ends a chunk when its time is up, always after at least one record', async () => {
    const outcome = await decideMany(s.db.kysely, { reviewId: s.reviewId, actorId: ada }, { ...bulk, recordIds: ids.slice(0, 5) }, { records: 200, ms: 0 });
    expect(outcome.decided).toBe(5);
    expect(decisionsBy(ada)).toEqual(ids.slice(0, 5));
  });

  it('says exactly what was applied when an error stops it part-way', async () => {
    // The eighth record's write fails as a full disk would: its chunk (records 5–8) is rolled back whole.
    s.db.sqlite.exec(`CREATE TEMP TRIGGER fail_once BEFORE INSERT ON screening_decision WHEN new.record_id = ${ids[7]} BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    await decide(s.db.kysely, { reviewId: s.reviewId, actorId: ada }, { recordId: ids[1]!, stage: TA, decision: 'exclude', reasonId: null, note: '', labels: [] });
    const outcome = await decideMany(s.db.kysely, { reviewId: s.reviewId, actorId: ada }, { ...bulk, recordIds: ids.slice(0, 10) }, { records: 4, ms: 1000 });
    expect(outcome).toMatchObject({ decided: 3, unchanged: 1, skipped: [], stopped: { notDecided: 6 } });
    expect(String(outcome.stopped!.cause)).toContain('disk is full');
    expect(decisionsBy(ada)).toEqual(ids.slice(0, 4));
    expect(bulkSummary(outcome)).toBe('3 decided, 1 already so. 6 not decided: an error stopped the rest before they were saved, so select them and try again.');
    const { counters, truth } = await countersAndTruth(s.db, s.reviewId);
    expect(counters).toEqual(truth);
  });
});
