import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncTitleAbstractItems } from '../../../src/screening/screening-items.js';
import { claimNext, holdLease, LEASE_TTL_MS, releaseLease } from '../../../src/screening/screening-lease.js';
import { decide } from '../../../src/screening/screening-service.js';
import { changeSettings } from '../../../src/screening/settings-service.js';
import type { Stage } from '../../../src/db/schema.js';
import { insertSearch } from '../../support/record-fixtures.js';
import { screeningDb, type ScreeningDb } from '../../support/screening-fixtures.js';

const TA = 'title_abstract' as const;
const TTL = LEASE_TTL_MS.title_abstract;
const T0 = Date.UTC(2026, 11, 7, 9);
const MINUTE = 60_000;

let s: ScreeningDb;
let ids: number[];
let rita: number, sam: number, tess: number, otto: number;

beforeEach(async () => {
  s = await screeningDb(['Rita', 'Sam', 'Tess', 'Otto']);
  [rita, sam, tess, otto] = s.reviewers as [number, number, number, number];
  ({ ids } = await insertSearch(s.db.kysely, s.reviewId, Array.from({ length: 5 }, (_, i) => ({ title: `Study ${i + 1}` }))));
  await s.db.kysely.transaction().execute((trx) => syncTitleAbstractItems(trx, s.reviewId));
});

afterEach(async () => {
  await s.close();
});

const needing = async (needed: number) =>
  changeSettings(s.db.kysely, { reviewId: s.reviewId, actorId: s.owner }, TA, { reviewersNeeded: needed, blind: true, recordOrder: 'import', orderSeed: 1, maybeAdvances: true, arbiterId: null });
const claim = (reviewerId: number, now: number, needed = 1, stage: Stage = TA) => claimNext(s.db.kysely, { reviewId: s.reviewId, stage, reviewerId, needed, now, beyond: 0 });
const reviewer = (reviewerId: number) => ({ reviewId: s.reviewId, stage: TA, reviewerId });
const leases = () => s.db.sqlite.prepare('SELECT reviewer_id AS reviewerId, record_id AS recordId, expires_at AS expiresAt FROM screening_lease ORDER BY reviewer_id').all();

describe('leases', () => {
  it('reclaims a lease nobody renewed once it expires, and keeps one its holder came back to', async () => {
    expect(await claim(rita, T0)).toBe(ids[0]);
    expect(await claim(sam, T0)).toBe(ids[1]);
    expect(await claim(tess, T0 + TTL - 1)).toBe(ids[2]);
    // Rita comes back to her record four minutes in: it is hers for another full lease.
    await holdLease(s.db.kysely, reviewer(rita), ids[0]!, T0 + 4 * MINUTE);
    // Past Sam's lease (never renewed): his record is offered again, Rita's is not.
    expect(await claim(otto, T0 + TTL + 1)).toBe(ids[1]);
    expect(await claim(otto, T0 + 4 * MINUTE + TTL + 1)).toBe(ids[0]);
  });

  it('keeps one lease per reviewer and stage, rewritten only when it moves or has aged', async () => {
    expect(await claim(rita, T0)).toBe(ids[0]);
    await holdLease(s.db.kysely, reviewer(rita), ids[0]!, T0 + 10_000);
    expect(leases()).toEqual([{ reviewerId: rita, recordId: ids[0], expiresAt: T0 + TTL }]);
    await holdLease(s.db.kysely, reviewer(rita), ids[0]!, T0 + MINUTE);
    expect(leases()).toEqual([{ reviewerId: rita, recordId: ids[0], expiresAt: T0 + MINUTE + TTL }]);
    await holdLease(s.db.kysely, reviewer(rita), ids[3]!, T0 + MINUTE + 1);
    expect(leases()).toEqual([{ reviewerId: rita, recordId: ids[3], expiresAt: T0 + MINUTE + 1 + TTL }]);
    // Nothing free: the lease is given up rather than left on a record.
    await holdLease(s.db.kysely, reviewer(rita), null, T0 + MINUTE + 2);
    expect(leases()).toEqual([]);
  });

  it('lets go on a decision, and only of the record named', async () => {
    await needing(2);
    expect(await claim(rita, T0, 2)).toBe(ids[0]);
    await releaseLease(s.db.kysely, reviewer(rita), ids[4]!);
    expect(leases()).toHaveLength(1);
    await decide(s.db.kysely, { reviewId: s.reviewId, actorId: rita }, { recordId: ids[0]!, stage: TA, decision: 'include', reasonId: null, note: '', labels: [] });
    expect(leases()).toEqual([]);
  });

  it('counts decisions and others’ leases against what a record still needs, never one’s own', async () => {
    await needing(2);
    expect(await claim(rita, T0, 2)).toBe(ids[0]);
    expect(await claim(sam, T0, 2)).toBe(ids[0]);
    expect(await claim(tess, T0, 2)).toBe(ids[1]);
    // Rita decides and moves on; ids[0] has one decision and Sam's lease: full.
    await decide(s.db.kysely, { reviewId: s.reviewId, actorId: rita }, { recordId: ids[0]!, stage: TA, decision: 'include', reasonId: null, note: '', labels: [] });
    expect(await claim(rita, T0, 2)).toBe(ids[1]);
    expect(await claim(otto, T0, 2)).toBe(ids[2]);
    // Sam asking again gets the record he holds.
    expect(await claim(sam, T0 + 1, 2)).toBe(ids[0]);
  });

  it('keeps the stages apart', async () => {
    await decide(s.db.kysely, { reviewId: s.reviewId, actorId: rita }, { recordId: ids[0]!, stage: TA, decision: 'include', reasonId: null, note: '', labels: [] });
    expect(await claim(rita, T0)).toBe(ids[1]);
    expect(await claim(rita, T0, 1, 'full_text')).toBe(ids[0]);
    expect(leases()).toHaveLength(2);
    expect(await claim(sam, T0, 1, 'full_text')).toBeNull();
  });
});
