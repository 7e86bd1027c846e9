/**
 * The screening part of the records list: its address (stage, decision, reviewer, label, reason,
 * outcome, conflict), what a viewer may ask for, and the SQL conditions that answer it.
 *
 * Blind mode is enforced twice: `allowScreeningParams` drops what the viewer may not ask for (so a
 * crafted address is ignored and never echoed back), and `screeningCondition` builds the same rule
 * (visibility.ts, `othersVisible`) into the SQL per record, so the list can never be narrowed by a
 * decision the viewer is not allowed to see.
 */
import { jsonArrayHasText } from '../db/json-sql.js';
import type { Dialect } from '../db/dialect.js';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, ItemStatus, ScreeningChoice, Stage } from '../db/schema.js';
import type { SearchDatabase } from '../records/fts-sql.js';
import { reviewAccess } from './screening-service.js';
import { CHOICES, stageFromPath, stagePath } from './stages.js';
import { firstValue, positiveInt } from '../http/query-values.js';
import { stageRecordsVisible, stageResultsVisible, type ReviewAccess, type StageAccess } from './visibility.js';

/** A decision value to look for, "decided" (any) or "undecided" (none). */
export type DecisionFilter = ScreeningChoice | 'decided' | 'undecided';
export const DECISION_FILTERS: readonly DecisionFilter[] = [...CHOICES, 'decided', 'undecided'];

/** As read from the query string. The stage is title/abstract unless full text is asked for. */
export interface ScreeningParams {
  stage: Stage;
  /** Filters the decisions of `reviewer` (the viewer's own when null). */
  decision: DecisionFilter | null;
  /** Whose decisions: a member's id, 'any' (anyone's the viewer may see), or null (the viewer's own). */
  reviewer: number | 'any' | null;
  /** A label on those decisions (labels_json), matched without regard to ASCII case. */
  label: string | null;
  /** An exclusion reason id on those decisions. */
  reason: number | null;
  /** The record's outcome in the stage (only where others' decisions are visible). */
  outcome: ScreeningChoice | null;
  /** Records whose reviewers disagree and that have no final decision (only for those who may resolve, when blind). */
  conflict: boolean;
}

/** Who is looking at the list, with what they may see in each stage. */
export interface ScreeningViewer {
  id: number;
  stages: ReviewAccess;
}

export const MAX_LABEL_FILTER = 40;

export async function loadScreeningViewer(db: Kysely<Database>, reviewId: number, viewerId: number): Promise<ScreeningViewer> {
  const member = await db.selectFrom('reviewMember').select('role').where('reviewId', '=', reviewId).where('accountId', '=', viewerId).executeTakeFirst();
  return { id: viewerId, stages: await reviewAccess(db, reviewId, member?.role, viewerId) };
}

/** Leniently, like the rest of the list's address: what makes no sense is left out. Null when nothing is asked. */
export function readScreeningParams(raw: Record<string, unknown>): ScreeningParams | null {
  const stage = stageFromPath(firstValue(raw.stage)) ?? 'title_abstract';
  const decision = firstValue(raw.decision) as DecisionFilter;
  const outcome = firstValue(raw.outcome) as ScreeningChoice;
  const reviewerText = firstValue(raw.reviewer).trim();
  const label = firstValue(raw.label).trim().replace(/\s+/g, ' ').slice(0, MAX_LABEL_FILTER);
  const params: ScreeningParams = {
    stage,
    decision: DECISION_FILTERS.includes(decision) ? decision : null,
    reviewer: reviewerText === 'any' ? 'any' : positiveInt(reviewerText),
    label: label === '' ? null : label,
    reason: positiveInt(firstValue(raw.reason)),
    outcome: CHOICES.includes(outcome) ? outcome : null,
    conflict: firstValue(raw.conflict) === '1',
  };
  return isEmpty(params) ? null : params;
}

function isEmpty(params: ScreeningParams): boolean {
  const { stage, conflict, ...rest } = params;
  return stage === 'title_abstract' && !conflict && Object.values(rest).every((value) => value === null);
}

/** Writes the params into a list address; defaults are left out. */
export function writeScreeningParams(into: URLSearchParams, params: ScreeningParams | null): void {
  if (params === null) return;
  if (params.stage !== 'title_abstract') into.set('stage', stagePath(params.stage));
  if (params.decision !== null) into.set('decision', params.decision);
  if (params.reviewer !== null) into.set('reviewer', String(params.reviewer));
  if (params.label !== null) into.set('label', params.label);
  if (params.reason !== null) into.set('reason', String(params.reason));
  if (params.outcome !== null) into.set('outcome', params.outcome);
  if (params.conflict) into.set('conflict', '1');
}

/**
 * What of the params this viewer may ask for. In a blind stage, someone who may not resolve
 * conflicts sees only their own decisions: another reviewer, "anyone", the outcome and "in
 * conflict" are dropped, and so is full text while title and abstract are blind to them (its
 * records are that stage's outcome). `withheld` says so, without saying what they would have shown.
 */
export function allowScreeningParams(params: ScreeningParams | null, viewer: ScreeningViewer): { params: ScreeningParams | null; withheld: boolean } {
  if (params === null) return { params, withheld: false };
  if (!stageRecordsVisible(viewer.stages, params.stage)) return { params: null, withheld: true };
  const seesOthers = stageResultsVisible(viewer.stages, params.stage);
  let withheld = false;
  const allowed = { ...params };
  if (allowed.reviewer === viewer.id) allowed.reviewer = null;
  if (allowed.reviewer !== null && !seesOthers) [allowed.reviewer, withheld] = [null, true];
  if (allowed.outcome !== null && !seesOthers) [allowed.outcome, withheld] = [null, true];
  if (allowed.conflict && !seesOthers) [allowed.conflict, withheld] = [false, true];
  return { params: isEmpty(allowed) ? null : allowed, withheld };
}

type RecordEb = ExpressionBuilder<SearchDatabase, 'record'>;

const NEVER = sql<SqlBool>`1 = 0`;
const VISIBLE_STATUSES: readonly ItemStatus[] = ['conflict', 'decided'];

/** The record's item in the stage exists and meets `where` (status, outcome). */
function itemWhere(eb: RecordEb, stage: Stage, where?: { status?: readonly ItemStatus[]; outcome?: ScreeningChoice }) {
  let query = eb.selectFrom('screeningItem as si').select('si.recordId').whereRef('si.recordId', '=', 'record.id').where('si.stage', '=', stage);
  if (where?.status) query = query.where('si.status', 'in', [...where.status]);
  if (where?.outcome) query = query.where('si.outcome', '=', where.outcome);
  return eb.exists(query);
}

/**
 * `othersVisible` (visibility.ts) as SQL, per record: true without blind mode; for someone who
 * may resolve, only once the record is a conflict or decided; never for anyone else.
 */
function othersVisibleSql(eb: RecordEb, stage: Stage, access: StageAccess): Expression<SqlBool> | true {
  if (!access.blind) return true;
  if (!access.mayResolve) return NEVER;
  return itemWhere(eb, stage, { status: VISIBLE_STATUSES });
}

/**
 * The condition a record meets for the screening params, as the viewer may see it. Without a
 * viewer nothing matches (a list must never be narrowed by decisions nobody checked access for).
 */
export function screeningCondition(eb: RecordEb, dialect: Dialect, params: ScreeningParams, viewer: ScreeningViewer | null): Expression<SqlBool> {
  if (viewer === null) return NEVER;
  const { stage } = params;
  if (!stageRecordsVisible(viewer.stages, stage)) return NEVER;
  const visible = othersVisibleSql(eb, stage, viewer.stages[stage]);
  const results = stageResultsVisible(viewer.stages, stage);
  const conditions: Expression<SqlBool>[] = [];

  if (stage === 'full_text') conditions.push(itemWhere(eb, stage));
  if (params.outcome !== null) conditions.push(results ? itemWhere(eb, stage, { outcome: params.outcome }) : NEVER);
  if (params.conflict) conditions.push(results ? itemWhere(eb, stage, { status: ['conflict'] }) : NEVER);

  // Whose decisions the decision, label and reason filters look at.
  const reviewer = params.reviewer === viewer.id ? null : params.reviewer;
  const decisions = () => {
    const query = eb.selectFrom('screeningDecision as d').select('d.recordId').whereRef('d.recordId', '=', 'record.id').where('d.stage', '=', stage);
    if (reviewer === null) return query.where('d.reviewerId', '=', viewer.id);
    if (reviewer === 'any') return visible === true ? query : query.where((d) => d.or([d('d.reviewerId', '=', viewer.id), visible]));
    return query.where('d.reviewerId', '=', reviewer);
  };
  // Another reviewer's decisions (or their absence) count only on records where they may be seen.
  if (typeof reviewer === 'number' && visible !== true) conditions.push(visible);

  const wanted = params.decision;
  const positive = (wanted !== null && wanted !== 'undecided') || params.label !== null || params.reason !== null || (reviewer !== null && wanted === null);
  if (positive) {
    let query = decisions();
    if (wanted !== null && wanted !== 'decided' && wanted !== 'undecided') query = query.where('d.decision', '=', wanted);
    if (params.reason !== null) query = query.where('d.reasonId', '=', params.reason);
    const label = params.label;
    if (label !== null) query = query.where((d) => jsonArrayHasText(dialect, d.ref('d.labelsJson'), label));
    conditions.push(eb.exists(query));
  }
  if (wanted === 'undecided') conditions.push(eb.not(eb.exists(decisions())));
  return conditions.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(conditions);
}
