/**
 * The agreement tables of a review: for each pair of reviewers who decided the same records in a
 * stage, how their decisions cross (SQLite counts the cells, one grouped self-join per stage), and
 * every reviewer's decisions per record for Krippendorff's alpha. The maths is agreement.ts.
 *
 * ```ts
 * const pairs = await agreementPairs(db, reviewId, 'title_abstract', { settledOnly: false, maybe: 'category' });
 * // [{ stage, reviewerA: { id, name }, reviewerB: { id, name }, table: { counts, n, kappa, … } }]
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database, Stage } from '../db/schema.js';
import { agreementFromCounts, stageAlpha, type AgreementTable, type Decision, type MaybeCounting } from './agreement.js';

export interface Reviewer {
  id: number;
  name: string;
}

/** Rows of `table` are reviewer A's decisions, columns reviewer B's; A's name sorts first. */
export interface AgreementPair {
  stage: Stage;
  reviewerA: Reviewer;
  reviewerB: Reviewer;
  table: AgreementTable;
}

export interface AgreementOptions {
  settledOnly: boolean;
  maybe: MaybeCounting;
}

export interface StageReliability {
  /** Reviewers with at least one counted decision in the stage. */
  reviewers: number;
  /** Krippendorff's nominal alpha over all of them, computed only from three reviewers on (null below, or when undefined). */
  alpha: number | null;
  /** Records decided by at least two reviewers: the units alpha is computed on. */
  records: number;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Name order, then account id so that two people of the same name keep one orientation. */
function byName(a: Reviewer, b: Reviewer): number {
  return collator.compare(a.name, b.name) || a.id - b.id;
}

/**
 * Every pair of reviewers with at least one record both decided in the stage, ordered by A's then
 * B's name. Only records still in screening count (a duplicate's item is inactive). `settledOnly`
 * keeps to records every reviewer needed has decided (a conflict or an outcome): in blind mode
 * that is when a resolver may see the decisions one by one, so the tables tell them nothing more.
 */
export async function agreementPairs(db: Kysely<Database>, reviewId: number, stage: Stage, options: AgreementOptions): Promise<AgreementPair[]> {
  const cells = await db
    .selectFrom('screeningDecision as a')
    .innerJoin('screeningDecision as b', (join) =>
      join.onRef('b.recordId', '=', 'a.recordId').onRef('b.stage', '=', 'a.stage').onRef('a.reviewerId', '<', 'b.reviewerId'),
    )
    .innerJoin('screeningItem as i', (join) => join.onRef('i.recordId', '=', 'a.recordId').onRef('i.stage', '=', 'a.stage'))
    .innerJoin('account as ra', 'ra.id', 'a.reviewerId')
    .innerJoin('account as rb', 'rb.id', 'b.reviewerId')
    .select(['a.reviewerId as aId', 'ra.name as aName', 'b.reviewerId as bId', 'rb.name as bName', 'a.decision as aDecision', 'b.decision as bDecision'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.reviewId', '=', reviewId)
    .where('a.stage', '=', stage)
    .where('i.reviewId', '=', reviewId)
    .where('i.active', '=', 1)
    .$if(options.settledOnly, (qb) => qb.where('i.status', 'in', ['conflict', 'decided']))
    .groupBy(['a.reviewerId', 'ra.name', 'b.reviewerId', 'rb.name', 'a.decision', 'b.decision'])
    .execute();

  // SQL pairs reviewers by id (a.id < b.id); a pair whose names sort the other way round is
  // turned over, its cells transposed with it, so rows always belong to the reviewer named first.
  const pairs = new Map<string, { reviewerA: Reviewer; reviewerB: Reviewer; counts: Map<string, number> }>();
  for (const cell of cells) {
    const first: Reviewer = { id: cell.aId, name: cell.aName };
    const second: Reviewer = { id: cell.bId, name: cell.bName };
    const flipped = byName(first, second) > 0;
    const key = `${cell.aId}:${cell.bId}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { reviewerA: flipped ? second : first, reviewerB: flipped ? first : second, counts: new Map() };
      pairs.set(key, pair);
    }
    const cellKey = flipped ? `${cell.bDecision}|${cell.aDecision}` : `${cell.aDecision}|${cell.bDecision}`;
    pair.counts.set(cellKey, (pair.counts.get(cellKey) ?? 0) + cell.n);
  }
  return [...pairs.values()]
    .map(({ reviewerA, reviewerB, counts }) => ({ stage, reviewerA, reviewerB, table: agreementFromCounts(counts, options.maybe) }))
    .sort((x, y) => byName(x.reviewerA, y.reviewerA) || byName(x.reviewerB, y.reviewerB));
}

/**
 * How many reviewers decided records of the stage, and, from three on, Krippendorff's alpha over
 * all their decisions (same records as the pairs: active items, settled ones while blind). Two
 * reviewers are one pair, whose kappa says it already, so their decisions are not read twice.
 */
export async function stageReliability(db: Kysely<Database>, reviewId: number, stage: Stage, options: AgreementOptions): Promise<StageReliability> {
  const decisions = () =>
    db
      .selectFrom('screeningDecision as d')
      .innerJoin('screeningItem as i', (join) => join.onRef('i.recordId', '=', 'd.recordId').onRef('i.stage', '=', 'd.stage'))
      .where('d.reviewId', '=', reviewId)
      .where('d.stage', '=', stage)
      .where('i.reviewId', '=', reviewId)
      .where('i.active', '=', 1)
      .$if(options.settledOnly, (qb) => qb.where('i.status', 'in', ['conflict', 'decided']));
  const counted = await decisions()
    .select((eb) => eb.fn.count<number>('d.reviewerId').distinct().as('reviewers'))
    .executeTakeFirstOrThrow();
  const reviewers = Number(counted.reviewers);
  if (reviewers < 3) return { reviewers, alpha: null, records: 0 };

  const rows = await decisions().select(['d.recordId', 'd.decision']).orderBy('d.recordId').execute();
  const byRecord = new Map<number, Decision[]>();
  for (const row of rows) {
    const list = byRecord.get(row.recordId) ?? [];
    list.push(row.decision);
    byRecord.set(row.recordId, list);
  }
  const result = stageAlpha(byRecord.values(), options.maybe);
  return { reviewers, alpha: result.alpha, records: result.units };
}
