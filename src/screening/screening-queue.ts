/**
 * Which record a reviewer sees next. The queue is screening_item in the stage's order: the first
 * open, active record the reviewer has not decided. Served by the index screening_item_queue, so
 * with most records screened it still reads only the open ones. Compiled once (db/prepared.ts):
 * every screening page and decision asks these.
 */
import { sql, type Kysely } from 'kysely';
import { prepared, type Param } from '../db/prepared.js';
import type { Database, Stage } from '../db/schema.js';

export interface QueuePosition {
  sortKey: number;
  recordId: number;
}

type Reviewer = { reviewId: number; stage: Stage; reviewerId: number };

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

const firstOpen = prepared<Reviewer, { recordId: number }>((db, param) => openUndecided(db, param).orderBy('i.sortKey').orderBy('i.recordId').limit(1));
const firstOpenAfter = prepared<Reviewer & QueuePosition, { recordId: number }>((db, param) =>
  openUndecided(db, param)
    .where(sql<boolean>`(i.sort_key, i.record_id) > (${param('sortKey')}, ${param('recordId')})`)
    .orderBy('i.sortKey')
    .orderBy('i.recordId')
    .limit(1),
);

/** The first record for the reviewer after `after` (or from the start), wrapping round once. */
export async function nextForReviewer(db: Kysely<Database>, reviewId: number, stage: Stage, reviewerId: number, after?: QueuePosition): Promise<number | null> {
  const reviewer = { reviewId, stage, reviewerId };
  const [found] = after ? await firstOpenAfter(db, { ...reviewer, ...after }) : await firstOpen(db, reviewer);
  if (found) return found.recordId;
  const [first] = after ? await firstOpen(db, reviewer) : [];
  return first?.recordId ?? null;
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
