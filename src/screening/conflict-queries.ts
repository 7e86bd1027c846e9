import type { Kysely } from 'kysely';
import type { Database, ScreeningChoice, Stage } from '../db/schema.js';

export interface ConflictDecision {
  reviewer: string;
  decision: ScreeningChoice;
  reasonId: number | null;
  reason: string | null;
  note: string;
}

export interface Conflict {
  recordId: number;
  title: string;
  year: number | null;
  firstAuthor: string;
  decisions: ConflictDecision[];
}

export const CONFLICTS_PER_PAGE = 50;

/*
 * Only for people who may resolve conflicts (the routes check): this is where blind decisions are
 * revealed. Conflicts follow the stage's order (sort key, then record id), as records are screened.
 */

const conflicts = (db: Kysely<Database>, reviewId: number, stage: Stage) =>
  db.selectFrom('screeningItem as i').where('i.reviewId', '=', reviewId).where('i.stage', '=', stage).where('i.status', '=', 'conflict').where('i.active', '=', 1);

/** Every reviewer's decision on these records, by reviewer name. */
export async function decisionsOn(db: Kysely<Database>, stage: Stage, recordIds: number[]): Promise<Array<ConflictDecision & { recordId: number }>> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('screeningDecision as d')
    .innerJoin('account as a', 'a.id', 'd.reviewerId')
    .leftJoin('exclusionReason as x', 'x.id', 'd.reasonId')
    .select(['d.recordId', 'a.name as reviewer', 'd.decision', 'd.reasonId', 'x.text as reason', 'd.note'])
    .where('d.stage', '=', stage)
    .where('d.recordId', 'in', recordIds)
    .orderBy('a.name')
    .execute();
}

/** The first conflicts in order, each with every individual decision. */
export async function listConflicts(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<Conflict[]> {
  const items = await conflicts(db, reviewId, stage)
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .select(['r.id', 'r.title', 'r.year', 'r.firstAuthor'])
    .orderBy('i.sortKey')
    .orderBy('i.recordId')
    .limit(CONFLICTS_PER_PAGE)
    .execute();
  const decisions = await decisionsOn(db, stage, items.map((i) => i.id));
  return items.map((item) => ({
    recordId: item.id,
    title: item.title,
    year: item.year,
    firstAuthor: item.firstAuthor,
    decisions: decisions.filter((d) => d.recordId === item.id).map(({ recordId: _, ...d }) => d),
  }));
}

/** Whether the record is a conflict in the stage right now. */
export async function isConflict(db: Kysely<Database>, reviewId: number, stage: Stage, recordId: number): Promise<boolean> {
  return (await conflicts(db, reviewId, stage).select('i.recordId').where('i.recordId', '=', recordId).executeTakeFirst()) !== undefined;
}

/**
 * The conflict next to a record in the stage's order, whether or not the record itself is still a
 * conflict (one just resolved is followed by the one after it). Without a record: the first or last.
 */
export async function neighbourConflict(db: Kysely<Database>, reviewId: number, stage: Stage, direction: 'next' | 'previous', from?: number): Promise<number | null> {
  const place = from === undefined ? undefined : await placeOf(db, reviewId, stage, from);
  const [cmp, order] = direction === 'next' ? (['>', 'asc'] as const) : (['<', 'desc'] as const);
  const row = await conflicts(db, reviewId, stage)
    .select('i.recordId')
    .$if(place !== undefined, (q) => q.where((eb) => eb.or([eb('i.sortKey', cmp, place!.sortKey), eb.and([eb('i.sortKey', '=', place!.sortKey), eb('i.recordId', cmp, place!.recordId)])])))
    .orderBy('i.sortKey', order)
    .orderBy('i.recordId', order)
    .executeTakeFirst();
  return row?.recordId ?? null;
}

/** Where a conflict stands among the stage's conflicts, counting from 1. */
export async function conflictPosition(db: Kysely<Database>, reviewId: number, stage: Stage, recordId: number): Promise<number> {
  const place = await placeOf(db, reviewId, stage, recordId);
  if (!place) return 0;
  const row = await conflicts(db, reviewId, stage)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('i.sortKey', '<', place.sortKey), eb.and([eb('i.sortKey', '=', place.sortKey), eb('i.recordId', '<=', place.recordId)])]))
    .executeTakeFirstOrThrow();
  return row.n;
}

async function placeOf(db: Kysely<Database>, reviewId: number, stage: Stage, recordId: number) {
  return db.selectFrom('screeningItem').select(['sortKey', 'recordId']).where('reviewId', '=', reviewId).where('stage', '=', stage).where('recordId', '=', recordId).executeTakeFirst();
}
