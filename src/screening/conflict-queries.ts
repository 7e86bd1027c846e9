import type { Kysely } from 'kysely';
import type { Database, ScreeningChoice, Stage } from '../db/schema.js';

export interface ConflictDecision {
  reviewer: string;
  decision: ScreeningChoice;
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

/**
 * Records the reviewers disagree on, in the stage's order, with every individual decision. Only
 * for people who may resolve them (the routes check): this is where blind decisions are revealed.
 */
export async function listConflicts(db: Kysely<Database>, reviewId: number, stage: Stage): Promise<Conflict[]> {
  const items = await db
    .selectFrom('screeningItem as i')
    .innerJoin('record as r', 'r.id', 'i.recordId')
    .select(['r.id', 'r.title', 'r.year', 'r.firstAuthor'])
    .where('i.reviewId', '=', reviewId)
    .where('i.stage', '=', stage)
    .where('i.status', '=', 'conflict')
    .where('i.active', '=', 1)
    .orderBy('i.sortKey')
    .orderBy('i.recordId')
    .limit(CONFLICTS_PER_PAGE)
    .execute();
  if (items.length === 0) return [];
  const decisions = await db
    .selectFrom('screeningDecision as d')
    .innerJoin('account as a', 'a.id', 'd.reviewerId')
    .leftJoin('exclusionReason as x', 'x.id', 'd.reasonId')
    .select(['d.recordId', 'a.name', 'd.decision', 'x.text as reason', 'd.note'])
    .where('d.stage', '=', stage)
    .where('d.recordId', 'in', items.map((i) => i.id))
    .orderBy('a.name')
    .execute();
  return items.map((item) => ({
    recordId: item.id,
    title: item.title,
    year: item.year,
    firstAuthor: item.firstAuthor,
    decisions: decisions.filter((d) => d.recordId === item.id).map((d) => ({ reviewer: d.name, decision: d.decision, reason: d.reason, note: d.note })),
  }));
}
