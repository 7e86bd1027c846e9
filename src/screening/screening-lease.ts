/**
 * Leases: which record each reviewer is looking at, so the queue (screening-queue.ts) offers a
 * record to no more reviewers than it still needs. A reviewer holds at most one lease per stage
 * (the table's primary key): the record on their screen while it still needs their decision.
 * Showing them another record moves it; a decision, a skip or leaving the page lets it go; a lease
 * nobody renews expires and is simply ignored. Leases only steer offers: a decision is never refused
 * because of one (screening-service.ts does not read them). On the screening page a decision and
 * the lease on the next record share one transaction (decide-and-take-next.ts).
 *
 * ```ts
 * const recordId = await claimNext(db, { reviewId, stage, reviewerId, needed: 2, now: Date.now(), beyond: 0 });
 * await holdLease(db, { reviewId, stage, reviewerId }, recordId, Date.now()); // a record opened by URL
 * await releaseLease(db, { reviewId, stage, reviewerId }, recordId);          // the page was left
 * ```
 */
import type { Kysely } from 'kysely';
import { prepared } from '../db/prepared.js';
import type { Database, Stage } from '../db/schema.js';
import { nextForReviewer, type QueuePosition, type Reviewer, type Seeker } from './screening-queue.js';

/**
 * How long a lease lasts without its holder coming back. Reading a title and abstract takes
 * seconds (3–8 s for this team) and rarely over two minutes even with a note: five minutes is more
 * than a careful reader needs, and a lease left behind by a closed laptop or a crashed browser
 * (no pagehide beacon) keeps its record from others for five minutes at most. Assessing a full
 * text means reading a report, so that lease lasts the length of a long sitting.
 */
export const LEASE_TTL_MS: Record<Stage, number> = { title_abstract: 5 * 60_000, full_text: 45 * 60_000 };

/**
 * Coming back to the record you hold renews its lease, but only once a tenth of its time has gone:
 * a lease renewed seconds ago is as good as new, and skipping the write keeps a page view that
 * changes nothing from paying for a commit (a sync to disk).
 */
const RENEW_AFTER_SHARE = 0.1;

type LeaseValues = Reviewer & { recordId: number; expiresAt: number; renewBefore: number };

// Taken or moved on every screening page: compiled once. The DO UPDATE's WHERE leaves a fresh lease
// on the same record untouched (no row changes, nothing to commit).
const upsertLease = prepared<LeaseValues, unknown>((db, param) =>
  db
    .insertInto('screeningLease')
    .values({ reviewId: param('reviewId'), stage: param('stage'), reviewerId: param('reviewerId'), recordId: param('recordId'), expiresAt: param('expiresAt') })
    .onConflict((oc) =>
      oc
        .columns(['reviewId', 'stage', 'reviewerId'])
        .doUpdateSet((eb) => ({ recordId: eb.ref('excluded.recordId'), expiresAt: eb.ref('excluded.expiresAt') }))
        .where((eb) => eb.or([eb('screeningLease.recordId', '!=', eb.ref('excluded.recordId')), eb('screeningLease.expiresAt', '<', param('renewBefore'))])),
    ),
);

const deleteLease = prepared<Reviewer, unknown>((db, param) =>
  db.deleteFrom('screeningLease').where('reviewId', '=', param('reviewId')).where('stage', '=', param('stage')).where('reviewerId', '=', param('reviewerId')),
);

const deleteLeaseOn = prepared<Reviewer & { recordId: number }, unknown>((db, param) =>
  db
    .deleteFrom('screeningLease')
    .where('reviewId', '=', param('reviewId'))
    .where('stage', '=', param('stage'))
    .where('reviewerId', '=', param('reviewerId'))
    .where('recordId', '=', param('recordId')),
);

/**
 * The reviewer's lease moved to `recordId` (taken, renewed, or left alone while fresh), or given up
 * when null. One statement, so atomic on its own; inside `claimNext` it shares the choice's transaction.
 */
export async function holdLease(db: Kysely<Database>, reviewer: Reviewer, recordId: number | null, now: number): Promise<void> {
  if (recordId === null) {
    await deleteLease(db, reviewer);
    return;
  }
  const ttl = LEASE_TTL_MS[reviewer.stage];
  await upsertLease(db, { ...reviewer, recordId, expiresAt: now + ttl, renewBefore: now + ttl * (1 - RENEW_AFTER_SHARE) });
}

/**
 * The seeker's next free record (after `after`, or from the start), leased to them in the same
 * write transaction, so two reviewers asking at once (in this process or another) are never both
 * handed the last free place on a record. Null, and no lease, when nothing is free.
 */
export async function claimNext(db: Kysely<Database>, seeker: Seeker, after?: QueuePosition): Promise<number | null> {
  return db.transaction().execute((trx) => claimNextWithin(trx, seeker, after));
}

/** `claimNext` inside the caller's write transaction (decide-and-take-next.ts). */
export async function claimNextWithin(trx: Kysely<Database>, seeker: Seeker, after?: QueuePosition): Promise<number | null> {
  const recordId = await nextForReviewer(trx, seeker, after);
  await holdLease(trx, seeker, recordId, seeker.now);
  return recordId;
}

/** Lets go of the reviewer's lease if it is on `recordId` (a decision, or the page left); a lease already moved on is kept. */
export async function releaseLease(db: Kysely<Database>, reviewer: Reviewer, recordId: number): Promise<void> {
  await deleteLeaseOn(db, { ...reviewer, recordId });
}
