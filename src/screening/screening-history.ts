/**
 * A record's screening history, as one viewer may see it: per stage, where the record stands,
 * the current decisions, the final decision and every change (screening_event), plus the
 * decisions made on records later merged into this one. Blind mode follows `othersVisible`
 * (visibility.ts) for everything that is someone else's: their decisions, their changes, the
 * record's standing and its final decision. The viewer's own decisions and changes always show,
 * except at full text while title and abstract are blind to them (`stageRecordsVisible`).
 *
 * ```ts
 * const history = await loadScreeningHistory(db, { reviewId, viewerId, mayResolve: await resolverStages(db, { reviewId, actorId: viewerId }) }, recordId);
 * <ScreeningHistory model={history} csrfToken={csrfToken} slug={slug} />
 * ```
 */
import type { Kysely } from 'kysely';
import type { Database, ItemStatus, ScreeningChoice, Stage } from '../db/schema.js';
import { NotFoundError } from '../domain-errors.js';
import { textList } from '../records/record-queries.js';
import { mayResolve as mayResolveStage } from './screening-service.js';
import { readSettings } from './screening-settings.js';
import { stageLabel, STAGES } from './stages.js';
import { othersVisible, stageRecordsVisible, type ReviewAccess } from './visibility.js';

export interface HistoryViewer {
  reviewId: number;
  viewerId: number;
  /**
   * Whether the viewer resolves conflicts: per stage (an arbiter is named per stage; see
   * `resolverStages`), or one answer for both (an owner resolves everywhere).
   */
  mayResolve: boolean | Record<Stage, boolean>;
}

/** A decision as shown: the reason as its text. */
export interface DecisionShown {
  decision: ScreeningChoice;
  reason: string | null;
  note: string;
  labels: string[];
}

export interface CurrentDecision extends DecisionShown {
  reviewerId: number;
  reviewerName: string;
  isViewer: boolean;
  decidedAt: string;
}

export interface FinalDecision extends DecisionShown {
  byName: string | null;
  at: string | null;
}

export interface HistoryEvent {
  id: number;
  at: string;
  kind: 'decision' | 'final' | 'retrieval';
  actorName: string;
  /** Whose decision changed (kind 'decision'). */
  reviewerName: string | null;
  byViewer: boolean;
  before: DecisionShown | null;
  after: DecisionShown | null;
  /** Kind 'retrieval': whether the report was marked not retrieved (true) or retrieved again. */
  notRetrieved: boolean | null;
  /** The change this one undid, when it was an undo. */
  undoes: number | null;
  /** A later change that undid this one. */
  undoneBy: number | null;
  /** The viewer can put this change back now (their own latest change, or the latest final one for a resolver). */
  mayUndo: boolean;
}

export interface StageHistory {
  stage: Stage;
  label: string;
  blind: boolean;
  /** False while the record is a duplicate (its primary is screened instead). */
  active: boolean;
  /** Whether others' decisions on this record may be shown to the viewer (othersVisible). */
  othersVisible: boolean;
  /** Where the record stands; null when that is hidden from the viewer (blind) or it is not in the stage. */
  status: ItemStatus | null;
  outcome: ScreeningChoice | null;
  /** The viewer's own decision first, then others' where visible. */
  decisions: CurrentDecision[];
  final: FinalDecision | null;
  /** Newest first; others' changes only where visible. */
  events: HistoryEvent[];
}

export interface MergedRecordDecisions {
  recordId: number;
  title: string;
  decisions: Array<CurrentDecision & { stage: Stage; stageLabel: string }>;
  /** Some of its decisions are not shown (blind). Said without saying how many. */
  othersHidden: boolean;
}

export interface ScreeningHistoryModel {
  recordId: number;
  /** The primary record when this one is a duplicate. */
  duplicateOf: number | null;
  stages: StageHistory[];
  /** Decisions made on records merged into this one (its duplicates), before they were merged. */
  merged: MergedRecordDecisions[];
}

/** Events shown per record; a record's history is short, this only bounds a pathological one. */
const MAX_EVENTS = 500;

/** Per stage, whether the viewer may resolve conflicts there (owners, and the stage's arbiter). */
export async function resolverStages(db: Kysely<Database>, ctx: { reviewId: number; actorId: number }): Promise<Record<Stage, boolean>> {
  return {
    title_abstract: await mayResolveStage(db, ctx, 'title_abstract'),
    full_text: await mayResolveStage(db, ctx, 'full_text'),
  };
}

interface StoredValue {
  decision: ScreeningChoice;
  reasonId: number | null;
  note: string;
  labels: string[];
}

function parseStored(json: string | null): StoredValue | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as Partial<StoredValue> | null;
    if (value === null || typeof value !== 'object' || typeof value.decision !== 'string') return null;
    return { decision: value.decision, reasonId: value.reasonId ?? null, note: value.note ?? '', labels: Array.isArray(value.labels) ? value.labels : [] };
  } catch {
    return null;
  }
}

/** The service's own notion of "the same decision" (screening-service.ts compares the stored JSON). */
const sameStored = (a: StoredValue | null, b: StoredValue | null) =>
  (a === null && b === null) ||
  (a !== null && b !== null && a.decision === b.decision && a.reasonId === b.reasonId && a.note === b.note && JSON.stringify(a.labels) === JSON.stringify(b.labels));

export async function loadScreeningHistory(db: Kysely<Database>, viewer: HistoryViewer, recordId: number): Promise<ScreeningHistoryModel> {
  const { reviewId, viewerId } = viewer;
  const record = await db.selectFrom('record').select(['id', 'duplicateOf']).where('reviewId', '=', reviewId).where('id', '=', recordId).executeTakeFirst();
  if (!record) throw new NotFoundError('There is no such record in this review.');
  const resolves = (stage: Stage) => (typeof viewer.mayResolve === 'boolean' ? viewer.mayResolve : viewer.mayResolve[stage]);

  const duplicates = await db.selectFrom('record').select(['id', 'title']).where('reviewId', '=', reviewId).where('duplicateOf', '=', recordId).orderBy('id').execute();
  const recordIds = [recordId, ...duplicates.map((d) => d.id)];
  const [settings, items, decisions, events, reasons] = await Promise.all([
    Promise.all(STAGES.map((stage) => readSettings(db, reviewId, stage))),
    db.selectFrom('screeningItem').selectAll().where('reviewId', '=', reviewId).where('recordId', 'in', recordIds).execute(),
    db.selectFrom('screeningDecision').selectAll().where('reviewId', '=', reviewId).where('recordId', 'in', recordIds).orderBy('decidedAt').execute(),
    db.selectFrom('screeningEvent').selectAll().where('reviewId', '=', reviewId).where('recordId', '=', recordId).orderBy('id', 'desc').limit(MAX_EVENTS).execute(),
    db.selectFrom('exclusionReason').select(['id', 'text']).where('reviewId', '=', reviewId).execute(),
  ]);
  const blindIn = new Map(STAGES.map((stage, i) => [stage, settings[i]!.blind === 1]));
  const access = Object.fromEntries(STAGES.map((stage) => [stage, { blind: blindIn.get(stage)!, mayResolve: resolves(stage) }])) as ReviewAccess;
  const accountIds = new Set<number>([viewerId]);
  for (const d of decisions) accountIds.add(d.reviewerId);
  for (const e of events) {
    accountIds.add(e.actorId);
    if (e.reviewerId !== null) accountIds.add(e.reviewerId);
  }
  for (const i of items) if (i.finalBy !== null) accountIds.add(i.finalBy);
  const accounts = await db.selectFrom('account').select(['id', 'name']).where('id', 'in', [...accountIds]).execute();
  const nameOf = (id: number | null) => (id === null ? null : (accounts.find((a) => a.id === id)?.name ?? 'A former member'));
  const reasonText = new Map(reasons.map((r) => [r.id, r.text]));
  const shown = (value: StoredValue | null): DecisionShown | null =>
    value === null ? null : { decision: value.decision, reason: value.reasonId === null ? null : (reasonText.get(value.reasonId) ?? 'A removed reason'), note: value.note, labels: value.labels };

  const itemOf = (id: number, stage: Stage) => items.find((i) => i.recordId === id && i.stage === stage);
  const visibleFor = (id: number, stage: Stage) => stageRecordsVisible(access, stage) && othersVisible(access[stage], blindIn.get(stage)!, itemOf(id, stage)?.status ?? null);
  const current = (d: (typeof decisions)[number]): CurrentDecision => ({
    ...shown({ decision: d.decision, reasonId: d.reasonId, note: d.note, labels: textList(d.labelsJson) })!,
    reviewerId: d.reviewerId,
    reviewerName: nameOf(d.reviewerId)!,
    isViewer: d.reviewerId === viewerId,
    decidedAt: d.decidedAt,
  });
  const byViewerFirst = (a: CurrentDecision, b: CurrentDecision) => Number(b.isViewer) - Number(a.isViewer);

  const undoneBy = new Map<number, number>();
  for (const e of events) if (e.undoes !== null && !undoneBy.has(e.undoes)) undoneBy.set(e.undoes, e.id);

  const stages: StageHistory[] = [];
  for (const stage of STAGES) {
    const item = itemOf(recordId, stage);
    const stageEvents = events.filter((e) => e.stage === stage);
    if (stage !== 'title_abstract' && !item && stageEvents.length === 0) continue;
    // Whether a record reached full text is title and abstract's outcome.
    if (!stageRecordsVisible(access, stage)) continue;
    const visible = visibleFor(recordId, stage);
    const mine = decisions.find((d) => d.recordId === recordId && d.stage === stage && d.reviewerId === viewerId);
    const myValue: StoredValue | null = mine ? { decision: mine.decision, reasonId: mine.reasonId, note: mine.note, labels: textList(mine.labelsJson) } : null;
    const finalValue: StoredValue | null = item?.finalDecision ? { decision: item.finalDecision, reasonId: item.finalReasonId, note: item.finalNote, labels: [] } : null;

    // What an Undo button would put back: the latest change of each lane not already undone.
    const latestOpen = (lane: (e: (typeof events)[number]) => boolean) => stageEvents.find((e) => lane(e) && e.undoes === null && !undoneBy.has(e.id));
    const myLatest = latestOpen((e) => e.kind === 'decision' && e.reviewerId === viewerId);
    const finalLatest = resolves(stage) ? latestOpen((e) => e.kind === 'final') : undefined;
    const undoable = new Set<number>();
    if (myLatest && sameStored(parseStored(myLatest.afterJson), myValue)) undoable.add(myLatest.id);
    if (finalLatest && sameStored(parseStored(finalLatest.afterJson), finalValue)) undoable.add(finalLatest.id);

    const shownEvents: HistoryEvent[] = [];
    for (const e of stageEvents) {
      const own = e.kind === 'decision' ? e.reviewerId === viewerId : e.actorId === viewerId;
      // Retrieval is a fact about the report, not anyone's judgement of it: always shown.
      if (e.kind !== 'retrieval' && !own && !visible) continue;
      const retrieval = e.kind === 'retrieval' ? (JSON.parse(e.afterJson ?? '{}') as { notRetrieved?: boolean }).notRetrieved === true : null;
      shownEvents.push({
        id: e.id,
        at: e.at,
        kind: e.kind,
        actorName: nameOf(e.actorId)!,
        reviewerName: nameOf(e.reviewerId),
        byViewer: e.actorId === viewerId,
        before: e.kind === 'retrieval' ? null : shown(parseStored(e.beforeJson)),
        after: e.kind === 'retrieval' ? null : shown(parseStored(e.afterJson)),
        notRetrieved: retrieval,
        undoes: e.undoes,
        undoneBy: undoneBy.get(e.id) ?? null,
        mayUndo: undoable.has(e.id),
      });
    }

    stages.push({
      stage,
      label: stageLabel(stage),
      blind: blindIn.get(stage)!,
      active: item ? item.active === 1 : record.duplicateOf === null,
      othersVisible: visible,
      status: item && visible ? item.status : null,
      outcome: item && visible ? item.outcome : null,
      decisions: decisions
        .filter((d) => d.recordId === recordId && d.stage === stage && (d.reviewerId === viewerId || visible))
        .map(current)
        .sort(byViewerFirst),
      final: finalValue && visible ? { ...shown(finalValue)!, byName: nameOf(item!.finalBy), at: item!.finalAt } : null,
      events: shownEvents,
    });
  }

  const merged: MergedRecordDecisions[] = [];
  for (const dup of duplicates) {
    const shownHere = decisions.filter((d) => d.recordId === dup.id && (d.reviewerId === viewerId || visibleFor(dup.id, d.stage)));
    if (shownHere.length === 0) continue;
    merged.push({
      recordId: dup.id,
      title: dup.title,
      decisions: shownHere.map((d) => ({ ...current(d), stage: d.stage, stageLabel: stageLabel(d.stage) })).sort(byViewerFirst),
      // A fact about the settings, not about the decisions: says nothing about whether any are hidden.
      othersHidden: STAGES.some((stage) => blindIn.get(stage) && !visibleFor(dup.id, stage)),
    });
  }

  return { recordId, duplicateOf: record.duplicateOf, stages, merged };
}
