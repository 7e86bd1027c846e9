/**
 * Which record a reviewer sees next. The queue is screening_item in the stage's order: the first
 * open, active record the reviewer has not decided and that fewer reviewers have claimed than it
 * still needs. A record's claims are its decisions plus the live leases others hold on it
 * (screening-lease.ts): with two reviewers per record, a record one person has decided and another
 * is reading is not offered to a third, so a team of twenty is spread over the records.
 *
 * Served by the index screening_item_queue (the open items in order), then per candidate by the
 * primary key of screening_decision and the index screening_lease_record: with most records
 * screened it still reads only the open ones, and walks past only the few that others hold.
 * Compiled once (db/prepared.ts): every screening page and decision asks these.
 */
import { sql, type Kysely } from 'kysely';
import { prepared, type Param } from '../db/prepared.js';
import type { Database, Stage } from '../db/schema.js';
import type { ScreeningSettings } from './screening-settings.js';

export interface QueuePosition {
  sortKey: number;
  recordId: number;
}

export type Reviewer = { reviewId: number; stage: Stage; reviewerId: number };
/**
 * A reviewer asking for a record: `needed` is the stage's reviewers per record, `now` ms since 1970,
 * `beyond` the record id the offer starts after (0; a stop's stopped_through: screening-stop.ts).
 */
export type Seeker = Reviewer & { needed: number; now: number; beyond: number };

/** Who asks, as the stage's settings make it: a stage recorded as stopped offers only records imported after the stop. */
export function seekerOf(settings: Pick<ScreeningSettings, 'reviewersNeeded' | 'stoppedAt' | 'stoppedThrough'>, reviewer: Reviewer, now: number): Seeker {
  return { ...reviewer, needed: settings.reviewersNeeded, now, beyond: settings.stoppedAt === null ? 0 : (settings.stoppedThrough ?? 0) };
}

function openUndecided<V extends Reviewer>(db: Kysely<Database>, param: Param<V>) {
  return db
    .selectFrom('screeningItem as i')
    .select('i.recordId')
    .where('i.reviewId', '=', param('reviewId'))
    .where('i.stage', '=', param('stage'))
    .where('i.status', '=', 'open')
    .where('i.active', '=', 1)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'i.recordId').whereRef('d.stage', '=', 'i.stage').where('d.reviewerId', '=', param('reviewerId')),
        ),
      ),
    );
}

/** Open, not decided by the seeker, and with fewer decisions plus others' live leases than it needs. */
function free<V extends Seeker>(db: Kysely<Database>, param: Param<V>) {
  return openUndecided(db, param).where('i.recordId', '>', param('beyond')).where((eb) => {
    const decisions = eb.selectFrom('screeningDecision as c').select(eb.fn.countAll<number>().as('n')).whereRef('c.recordId', '=', 'i.recordId').whereRef('c.stage', '=', 'i.stage');
    const leases = eb
      .selectFrom('screeningLease as l')
      .select(eb.fn.countAll<number>().as('n'))
      .whereRef('l.recordId', '=', 'i.recordId')
      .whereRef('l.stage', '=', 'i.stage')
      .where('l.expiresAt', '>', param('now'))
      .where('l.reviewerId', '!=', param('reviewerId'));
    return eb(eb(decisions, '+', leases), '<', param('needed'));
  });
}

const firstFree = prepared<Seeker, { recordId: number }>((db, param) => free(db, param).orderBy('i.sortKey').orderBy('i.recordId').limit(1));
const firstFreeAfter = prepared<Seeker & QueuePosition, { recordId: number }>((db, param) =>
  free(db, param)
    .where(sql<boolean>`(i.sort_key, i.record_id) > (${param('sortKey')}, ${param('recordId')})`)
    .orderBy('i.sortKey')
    .orderBy('i.recordId')
    .limit(1),
);

/**
 * The first free record for the seeker after `after` (or from the start), wrapping round once.
 * Reads only: screening-lease.ts `claimNext` asks this and takes the lease in one transaction.
 */
export async function nextForReviewer(db: Kysely<Database>, seeker: Seeker, after?: QueuePosition): Promise<number | null> {
  const [found] = after ? await firstFreeAfter(db, { ...seeker, ...after }) : await firstFree(db, seeker);
  if (found) return found.recordId;
  const [first] = after ? await firstFree(db, seeker) : [];
  return first?.recordId ?? null;
}

const itemPosition = prepared<Omit<Reviewer, 'reviewerId'> & { recordId: number }, QueuePosition>((db, param) =>
  db.selectFrom('screeningItem').select(['sortKey', 'recordId']).where('reviewId', '=', param('reviewId')).where('stage', '=', param('stage')).where('recordId', '=', param('recordId')),
);

/** Where a record stands in the stage's order (to go on after it), or undefined when it is not in the stage. */
export async function queuePosition(db: Kysely<Database>, reviewId: number, stage: Stage, recordId: number): Promise<QueuePosition | undefined> {
  const [position] = await itemPosition(db, { reviewId, stage, recordId });
  return position;
}

const anyOpenUndecided = prepared<Reviewer, { recordId: number }>((db, param) => openUndecided(db, param).limit(1));

/** Whether any record still needs the reviewer's decision, free or not (when none is free: others hold the rest). */
export async function awaitsReviewer(db: Kysely<Database>, reviewer: Reviewer): Promise<boolean> {
  return (await anyOpenUndecided(db, reviewer)).length > 0;
}

function ownDecisions<V extends Reviewer>(db: Kysely<Database>, param: Param<V>) {
  return db
    .selectFrom('screeningDecision')
    .select('recordId')
    .where('reviewId', '=', param('reviewId'))
    .where('stage', '=', param('stage'))
    .where('reviewerId', '=', param('reviewerId'));
}

const latestDecided = prepared<Reviewer, { recordId: number }>((db, param) => ownDecisions(db, param).orderBy('decidedAt', 'desc').orderBy('recordId', 'desc').limit(1));
const decidedBefore = prepared<Reviewer & { decidedAt: string; recordId: number }, { recordId: number }>((db, param) =>
  ownDecisions(db, param)
    .where(sql<boolean>`(decided_at, record_id) < (${param('decidedAt')}, ${param('recordId')})`)
    .orderBy('decidedAt', 'desc')
    .orderBy('recordId', 'desc')
    .limit(1),
);

/** The record the reviewer decided just before `before` (by time of decision), or their latest. */
export async function previousForReviewer(db: Kysely<Database>, reviewId: number, stage: Stage, reviewerId: number, before?: { decidedAt: string; recordId: number }): Promise<number | null> {
  const reviewer = { reviewId, stage, reviewerId };
  const [row] = before ? await decidedBefore(db, { ...reviewer, ...before }) : await latestDecided(db, reviewer);
  return row?.recordId ?? null;
}
